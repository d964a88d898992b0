import { describe, expect, it } from 'vitest';
import { tableDefinition } from './table.ts';
import { indexNonKeyAttributes, maxProjectedAttributes, neverProjected } from './index-projection.ts';

describe('indexNonKeyAttributes', () => {
  it('projects into every index, never a secret, within DynamoDB’s limit for the whole table', () => {
    // Act
    const lists = tableDefinition.globalSecondaryIndexes.map(
      (index) => indexNonKeyAttributes[index.indexName],
    );

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
