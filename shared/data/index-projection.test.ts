import { describe, expect, it } from 'vitest';
import { indexes, tableDefinition } from './table.ts';
import {
  indexNonKeyAttributes,
  maxProjectedAttributes,
  neverProjected,
  projectionOf,
} from './index-projection.ts';

describe('indexNonKeyAttributes', () => {
  it('projects into every index, never a secret, within DynamoDB’s limit for the whole table', () => {
    // Act
    const lists = tableDefinition.globalSecondaryIndexes
      .filter((index) => projectionOf(index).type === 'INCLUDE')
      .map((index) => indexNonKeyAttributes[index.indexName]);

    // Assess: a new field added to a schema can push the sum past the limit; CreateTable would then fail.
    for (const list of lists) {
      expect(list?.length).toBeGreaterThan(0);
      expect(list?.filter((name) => neverProjected.includes(name))).toEqual([]);
    }
    expect(lists.reduce((sum, list) => sum + (list?.length ?? 0), 0)).toBeLessThanOrEqual(
      maxProjectedAttributes,
    );
  });
});

describe('projectionOf', () => {
  it('keeps the search index to its keys', () => {
    expect(projectionOf(indexes.search)).toEqual({ type: 'KEYS_ONLY', nonKeyAttributes: [] });
    expect(indexNonKeyAttributes[indexes.search.indexName]).toBeUndefined();
  });
});
