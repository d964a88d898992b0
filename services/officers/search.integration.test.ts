// The search over 10,000 generated applications on DynamoDB Local: every filter combination of a generated matrix,
// for an administrator, a window clerk and department officers, followed page by page to the end, returns exactly
// what a brute-force filter over the same applications returns, in the same order, no item twice.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '#shared/auth/principal';
import { storedApplicationItems } from '#shared/data/repository';
import { DynamoDbSearchIndex } from '#shared/data/search-index';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication } from '#test/support/fixtures';
import {
  applicationStatuses,
  permitCatalog,
  permitTypes,
  type Application,
  type SlaStatus,
} from '#shared/model';
import { searchApplications, type SearchFilters } from './core/search-applications.ts';

const count = 10_000;
let table: TestTable;
let index: DynamoDbSearchIndex;
let applications: Application[];

/** A small deterministic generator (mulberry32): the same data and matrix on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

const names = [
  '长春汽车零部件',
  '长春新能源',
  '花都物流园',
  'Huadu Logistics',
  'ＡＢＣ工业园',
  'abc 工业园',
  '吉林光电',
];
const enterprises = Array.from({ length: 40 }, (_, i) => `ent-${i}`);
const slas: (SlaStatus | undefined)[] = ['green', 'yellow', 'red', undefined];

function generate(next: () => number, i: number): Application {
  const permits = permitTypes.filter(() => next() < 0.5);
  const requiredPermits = permits.length > 0 ? permits : [pick(next, permitTypes)];
  const departments = [
    'window',
    ...new Set(requiredPermits.filter(() => next() < 0.8).map((p) => permitCatalog[p].department)),
  ];
  // Receipts a few minutes apart over about a year; some share an instant (ties go by application id).
  const receivedAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 2) * 6_000_000).toISOString();
  const sla = pick(next, slas);
  const dueAt = new Date(Date.parse(receivedAt) + Math.floor(next() * 40) * 86_400_000).toISOString();
  const track = next() < 0.3 ? 'standard-land' : 'regular';
  return anApplication({
    applicationId: `app-${String(i).padStart(5, '0')}-${Math.floor(next() * 1e6).toString(36)}`,
    enterpriseId: pick(next, enterprises),
    projectName: `${pick(next, names)} ${i}`,
    status: pick(next, applicationStatuses),
    track,
    ...(track === 'standard-land' ? { landAcquiredOn: '2024-12-20' } : {}),
    requiredPermits,
    departments,
    documents: [],
    receivedAt,
    createdAt: receivedAt,
    updatedAt: receivedAt,
    ...(sla !== undefined || next() < 0.5
      ? {
          sla: {
            limitWorkingDays: 15,
            clockStartedAt: receivedAt,
            ...(sla !== undefined ? { status: sla } : {}),
            ...(next() < 0.9 ? { dueAt } : {}),
          },
        }
      : {}),
  });
}

/** Writes the items as `commit` would store them, 25 per BatchWriteItem, several requests at once. */
async function load(items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let chunk = chunks.pop(); chunk; chunk = chunks.pop()) {
      let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await table.client.send(
          new BatchWriteCommand({ RequestItems: { [table.tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[table.tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  index = new DynamoDbSearchIndex({ client: table.client, tableName: table.tableName });
  const next = random(14);
  applications = Array.from({ length: count }, (_, i) => generate(next, i));
  await load(applications.flatMap(storedApplicationItems));
}, 120_000);
afterAll(async () => {
  await table?.drop();
});

const admin: Principal = { userId: 'admin-1', roles: ['administrator'] };
const clerk: Principal = { userId: 'clerk-1', roles: ['window-clerk'] };
const officer = (department: string): Principal => ({
  userId: `officer-${department}`,
  roles: ['department-officer'],
  department,
});

/** What the caller may see and the filters keep, newest receipt first: written plainly, not with the search's code. */
function bruteForce(principal: Principal, filters: SearchFilters): string[] {
  const canon = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  return applications
    .filter((a) => {
      if (principal.roles.includes('department-officer')) {
        if (!a.departments!.includes(principal.department!)) return false;
        if (filters.department !== undefined && filters.department !== principal.department) return false;
      }
      const due = a.sla?.dueAt;
      if (filters.status && a.status !== filters.status) return false;
      if (filters.track && a.track !== filters.track) return false;
      if (filters.permitType && !a.requiredPermits.includes(filters.permitType)) return false;
      if (filters.department && !a.departments!.includes(filters.department)) return false;
      if (filters.sla && a.sla?.status !== filters.sla) return false;
      if (filters.dueBefore && !(due && due < filters.dueBefore)) return false;
      if (filters.dueAfter && !(due && due >= filters.dueAfter)) return false;
      if (filters.enterpriseId && a.enterpriseId !== filters.enterpriseId) return false;
      if (filters.name && !canon(a.projectName).startsWith(canon(filters.name))) return false;
      if (filters.receivedFrom && a.receivedAt < filters.receivedFrom) return false;
      if (filters.receivedTo && a.receivedAt >= filters.receivedTo) return false;
      return true;
    })
    .sort((x, y) =>
      x.receivedAt === y.receivedAt
        ? y.applicationId.localeCompare(x.applicationId)
        : y.receivedAt.localeCompare(x.receivedAt),
    )
    .map((a) => a.applicationId);
}

async function searchAll(principal: Principal, filters: SearchFilters, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchApplications({ searchIndex: index }, { principal, ...filters, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((a) => a.applicationId));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { ids };
}

const instant = (day: number) => new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString();

/** The matrix: each filter alone, then random pairs and triples, each with a caller and a page size. */
function matrix(): { principal: Principal; filters: SearchFilters; limit: number }[] {
  const next = random(45);
  const values: Record<keyof SearchFilters, () => string> = {
    status: () => pick(next, applicationStatuses),
    track: () => pick(next, ['regular', 'standard-land']),
    permitType: () => pick(next, permitTypes),
    department: () =>
      pick(next, ['natural-resources', 'housing-construction', 'real-estate-registration', 'window']),
    sla: () => pick(next, ['green', 'yellow', 'red']),
    dueBefore: () => instant(100 + Math.floor(next() * 200)),
    dueAfter: () => instant(50 + Math.floor(next() * 200)),
    enterpriseId: () => pick(next, enterprises),
    name: () => pick(next, ['长春', '长春新', 'huadu', 'ａｂｃ', 'ABC 工', '吉林光电 12', 'x']),
    receivedFrom: () => instant(Math.floor(next() * 150)),
    receivedTo: () => instant(150 + Math.floor(next() * 200)),
  };
  const keys = Object.keys(values) as (keyof SearchFilters)[];
  const callers = [admin, clerk, officer('natural-resources'), officer('housing-construction')];
  // Each filter alone over a month of receipts (alone over the whole year, most match thousands).
  const month = (from: number) => ({ receivedFrom: instant(from), receivedTo: instant(from + 30) });
  const cases: { principal: Principal; filters: SearchFilters; limit: number }[] = keys.map((key, i) => ({
    principal: callers[i % callers.length]!,
    filters: {
      ...(key.startsWith('received') ? {} : month(Math.floor(next() * 300))),
      [key]: values[key](),
    } as SearchFilters,
    limit: 100,
  }));
  for (let i = 0; i < 14; i++) {
    const chosen = new Set<keyof SearchFilters>();
    const size = 2 + Math.floor(next() * 2);
    while (chosen.size < size) chosen.add(pick(next, keys));
    cases.push({
      principal: pick(next, callers),
      filters: Object.fromEntries([...chosen].map((key) => [key, values[key]()])) as SearchFilters,
      limit: pick(next, [25, 100]),
    });
  }
  return cases;
}

describe('searchApplications over 10,000 applications', () => {
  it('returns exactly what a brute-force filter returns, for every case of the matrix, paging included', async () => {
    const cases = matrix();
    for (const { principal, filters, limit } of cases) {
      // Act
      const { ids } = await searchAll(principal, filters, limit);

      // Assess
      const label = JSON.stringify({ user: principal.userId, filters, limit });
      expect(new Set(ids).size, label).toBe(ids.length);
      expect(ids, label).toEqual(bruteForce(principal, filters));
    }
    // The matrix is not vacuous: most of its cases find something.
    const found = cases.filter((c) => bruteForce(c.principal, c.filters).length > 0).length;
    expect(found).toBeGreaterThan(cases.length / 2);
  }, 120_000);

  it('gives a department officer nothing of another department, and refuses a cursor of another search', async () => {
    // Act
    const other = await searchApplications(
      { searchIndex: index },
      { principal: officer('natural-resources'), department: 'housing-construction' },
    );
    const first = await searchApplications(
      { searchIndex: index },
      { principal: admin, status: 'issued', limit: 5 },
    );

    // Assess
    expect(other.items).toEqual([]);
    expect(first.cursor).toBeDefined();
    await expect(
      searchApplications(
        { searchIndex: index },
        { principal: admin, status: 'refused', cursor: first.cursor },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(
      searchApplications(
        { searchIndex: index },
        { principal: clerk, status: 'issued', cursor: first.cursor },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
