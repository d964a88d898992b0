// Generated applications for the search's tests and benchmark (services/officers): deterministic, spread over a
// year of receipts, with every facet the search filters on, and a loader that writes them as `commit` stores them.
import { storedApplicationItems } from '#shared/data/repository';
import {
  permitCatalog,
  permitTypes,
  applicationStatuses,
  type Application,
  type SlaStatus,
} from '#shared/model';
import { batchWriteItems } from './batch-write.ts';
import type { TestTable } from './dynamodb.ts';
import { anApplication } from './fixtures.ts';

/** A small deterministic generator (mulberry32): the same data and matrix on every run. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

const names = [
  '长春汽车零部件',
  '长春新能源',
  '花都物流园',
  'Huadu Logistics',
  'ＡＢＣ工业园',
  'abc 工业园',
  '吉林光电',
];
export const enterprises = Array.from({ length: 40 }, (_, i) => `ent-${i}`);
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
export async function loadApplications(
  table: TestTable,
  applications: readonly Application[],
): Promise<void> {
  await batchWriteItems(table.client, table.tableName, applications.flatMap(storedApplicationItems));
}

/** `count` applications, the same ones for the same seed. */
export function generateApplications(count: number, seed: number): Application[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => generate(next, i));
}
