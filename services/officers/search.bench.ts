// What a search costs as the platform grows: the same first pages over 1,000 and over 10,000 generated
// applications (test/support/search-data.ts) on DynamoDB Local. Latency from vitest's bench table and a median of
// our own; read units from ReturnConsumedCapacity TOTAL on every Query and BatchGetItem, added up. `npm run bench`
// prints both and their ratio. Not part of `npm test`.
import { afterAll, beforeAll, bench, describe, inject } from 'vitest';
import type { Principal } from '#shared/auth/principal';
import { DynamoDbSearchIndex } from '#shared/data/search-index';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { generateApplications, loadApplications } from '#test/support/search-data';
import { searchApplications, type SearchRequest } from './core/search-applications.ts';

const sizes = [1_000, 10_000] as const;
const admin: Principal = { userId: 'admin-1', roles: ['administrator'] };
const officer: Principal = {
  userId: 'officer-1',
  roles: ['department-officer'],
  department: 'housing-construction',
};

/** First pages of 25, as a person at the portal asks for them. */
const searches: Record<string, SearchRequest> = {
  'admin, no filter': { principal: admin },
  'admin, status in-review': { principal: admin, status: 'in-review' },
  'admin, red and standard-land': { principal: admin, sla: 'red', track: 'standard-land' },
  'admin, one enterprise': { principal: admin, enterpriseId: 'ent-7' },
  'admin, name prefix 花都': { principal: admin, name: '花都' },
  'officer, own department': { principal: officer },
  'officer, permit and month': {
    principal: officer,
    permitType: 'construction',
    receivedFrom: '2025-01-10T00:00:00.000Z',
    receivedTo: '2025-02-10T00:00:00.000Z',
  },
};

interface Loaded {
  table: TestTable;
  index: DynamoDbSearchIndex;
  units: { total: number };
}
const loaded = new Map<number, Loaded>();

beforeAll(async () => {
  for (const size of sizes) {
    const table = await createTestTable(inject('dynamoEndpoint'));
    await loadApplications(table, generateApplications(size, 14));
    const units = { total: 0 };
    const index = new DynamoDbSearchIndex({
      client: table.client,
      tableName: table.tableName,
      onReadUnits: (n) => {
        units.total += n;
      },
    });
    loaded.set(size, { table, index, units });
  }
}, 600_000);

afterAll(async () => {
  const lines: string[] = [];
  for (const [name, request] of Object.entries(searches)) {
    const row: Record<number, { ms: number; rcu: number; items: number }> = {};
    for (const size of sizes) {
      const { index, units } = loaded.get(size)!;
      units.total = 0;
      const page = await searchApplications({ searchIndex: index }, request);
      const rcu = units.total;
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const started = performance.now();
        await searchApplications({ searchIndex: index }, request);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      row[size] = { ms: times[7]!, rcu, items: page.items.length };
    }
    const [small, large] = sizes.map((size) => row[size]!);
    lines.push(
      `${name.padEnd(32)} ${sizes
        .map(
          (size) =>
            `${size}: ${row[size]!.ms.toFixed(1)} ms, ${row[size]!.rcu.toFixed(1)} RCU, ${row[size]!.items} items`,
        )
        .join(
          ' | ',
        )} | ratio ${(large!.ms / small!.ms).toFixed(2)}× time, ${(large!.rcu / small!.rcu).toFixed(2)}× RCU`,
    );
  }
  console.log(`\nSearch, first page of 25 (median of 15; read units of one call):\n${lines.join('\n')}\n`);
  for (const { table } of loaded.values()) await table.drop();
}, 600_000);

for (const [name, request] of Object.entries(searches)) {
  describe(name, () => {
    for (const size of sizes) {
      bench(`${size} applications`, async () => {
        await searchApplications({ searchIndex: loaded.get(size)!.index }, request);
      });
    }
  });
}
