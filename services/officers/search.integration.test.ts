// The search over 10,000 generated applications on DynamoDB Local: every filter combination of a generated matrix,
// for an administrator, a window clerk and department officers, followed page by page to the end, returns exactly
// what a brute-force filter over the same applications returns, in the same order, no item twice.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '#shared/auth/principal';
import { DynamoDbSearchIndex } from '#shared/data/search-index';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { enterprises, generateApplications, loadApplications, pick, random } from '#test/support/search-data';
import { applicationStatuses, permitTypes, type Application } from '#shared/model';
import { searchApplications, type SearchFilters } from './core/search-applications.ts';

const count = 10_000;
let table: TestTable;
let index: DynamoDbSearchIndex;
let applications: Application[];

// Writing 10,000 applications takes 20-40 s alone here and several minutes beside the rest of the suite on 2 cores
// (313 s for the whole file in CI): the setup gets 10 minutes. The table has no stream (the search never reads it):
// on DynamoDB Local every write looks the stream up, at a cost that grows with its records (README "Scaling").
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'), { stream: false });
  index = new DynamoDbSearchIndex({ client: table.client, tableName: table.tableName });
  applications = generateApplications(count, 14);
  await loadApplications(table, applications);
}, 600_000);
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
