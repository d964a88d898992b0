// The one paging routine (paged-query.ts) against the real DynamoDB Local of the global setup: every item once and
// in order, cursors sealed to the list and the caller, DynamoDB's FilterExpression and the in-memory filter.
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ValidationError } from '#shared/errors';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { queryPage, type PagedQuery } from './paged-query.ts';
import type { PageOptions } from './ports.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});

afterAll(async () => {
  await table?.drop();
});

/** A partition of `count` items `I#00`…, the odd ones `flagged`. */
async function aPartition(count: number): Promise<string> {
  const pk = `PAGE#${randomUUID()}`;
  const items = Array.from({ length: count }, (_, i) => ({
    pk,
    sk: `I#${String(i).padStart(2, '0')}`,
    n: i,
    ...(i % 2 === 1 ? { flagged: true } : {}),
  }));
  for (let i = 0; i < items.length; i += 25) {
    await table.client.send(
      new BatchWriteCommand({
        RequestItems: { [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  return pk;
}

const queryOf = (pk: string, patch: Partial<PagedQuery> = {}): PagedQuery => ({
  input: {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': 'I#' },
  },
  cursorAttributes: ['pk', 'sk'],
  partition: { attribute: 'pk', value: pk },
  ...patch,
});

/** Every page from the first, as the numbers of the items. */
async function allPages(query: PagedQuery, options: PageOptions): Promise<number[][]> {
  const pages: number[][] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(table.client, table.tableName, query, { ...options, cursor });
    pages.push(page.items.map((item) => Number(item.n)));
    cursor = page.cursor;
  } while (cursor);
  return pages;
}

describe('queryPage', () => {
  it('returns every item of the partition once, in order, a page at a time, the last without a cursor', async () => {
    // Prepare
    const pk = await aPartition(7);

    // Act
    const pages = await allPages(queryOf(pk), { limit: 3, caller: 'u-1' });

    // Assess
    expect(pages).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('reads backwards with ScanIndexForward false and shapes the items with `read`', async () => {
    // Prepare
    const pk = await aPartition(3);
    const query = queryOf(pk, {
      input: { ...queryOf(pk).input, ScanIndexForward: false },
      read: ({ n }) => ({ n, shaped: true }),
    });

    // Act
    const page = await queryPage(table.client, table.tableName, query, { limit: 10 });

    // Assess
    expect(page).toEqual({
      items: [
        { n: 2, shaped: true },
        { n: 1, shaped: true },
        { n: 0, shaped: true },
      ],
    });
  });

  it('refuses a cursor of another caller, another partition or another binding with INVALID_CURSOR', async () => {
    // Prepare
    const pk = await aPartition(4);
    const other = await aPartition(4);
    const { cursor } = await queryPage(table.client, table.tableName, queryOf(pk), {
      limit: 2,
      caller: 'u-1',
    });
    const invalidCursor = expect.objectContaining({ code: 'INVALID_CURSOR' });

    // Act + Assess
    await expect(
      queryPage(table.client, table.tableName, queryOf(pk), { limit: 2, caller: 'u-2', cursor: cursor! }),
    ).rejects.toEqual(invalidCursor);
    await expect(
      queryPage(table.client, table.tableName, queryOf(other), { limit: 2, caller: 'u-1', cursor: cursor! }),
    ).rejects.toEqual(invalidCursor);
    await expect(
      queryPage(table.client, table.tableName, queryOf(pk, { binding: { list: 'another' } }), {
        limit: 2,
        caller: 'u-1',
        cursor: cursor!,
      }),
    ).rejects.toEqual(invalidCursor);
    const next = await queryPage(table.client, table.tableName, queryOf(pk), {
      limit: 2,
      caller: 'u-1',
      cursor: cursor!,
    });
    expect(next.items.map((item) => item.n)).toEqual([2, 3]);
  });

  it.each([0, 101, 2.5])('refuses limit %s with a ValidationError on `limit`', async (limit) => {
    await expect(queryPage(table.client, table.tableName, queryOf('PAGE#none'), { limit })).rejects.toEqual(
      expect.objectContaining({
        constructor: ValidationError,
        issues: [expect.objectContaining({ path: 'limit' })],
      }),
    );
  });

  it("continues where DynamoDB's FilterExpression stopped, also after a page that kept nothing", async () => {
    // Prepare: with a limit of 1, every other Query examines only an item the filter leaves out.
    const pk = await aPartition(6);
    const query = queryOf(pk, {
      input: { ...queryOf(pk).input, FilterExpression: 'attribute_exists(flagged)' },
    });

    // Act
    const pages = await allPages(query, { limit: 1 });

    // Assess
    expect(pages.flat()).toEqual([1, 3, 5]);
    expect(pages).toContainEqual([]);
  });

  it('keeps what the filter keeps, continuing after the last item kept', async () => {
    // Prepare
    const pk = await aPartition(12);
    const seen: unknown[] = [];
    const query = queryOf(pk, {
      filter: {
        keep: (item) => {
          seen.push(item.pk);
          return item.flagged === true;
        },
      },
    });

    // Act
    const pages = await allPages(query, { limit: 2, caller: 'u-1' });

    // Assess: the filter saw the items as stored (keys included)
    expect(pages.flat()).toEqual([1, 3, 5, 7, 9, 11]);
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    expect(new Set(seen)).toEqual(new Set([pk]));
  });

  it('stops after maxExamined items with a cursor even when it kept none', async () => {
    // Prepare
    const pk = await aPartition(10);
    const query = queryOf(pk, { filter: { keep: (item) => Number(item.n) >= 8, maxExamined: 4 } });

    // Act
    const pages = await allPages(query, { limit: 5 });

    // Assess
    expect(pages).toEqual([[], [], [8, 9]]);
  });
});
