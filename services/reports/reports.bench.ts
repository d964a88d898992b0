// What a report costs as the platform grows: the same reports over 1,000 and over 50,000 applications (14 months
// of history, the same open work in hand; see test/reports/bulk-load.ts), against DynamoDB Local. Latency comes
// from vitest's bench table and from a median of our own; read capacity from ReturnConsumedCapacity TOTAL on
// every read, added up. `npm run bench` prints both and their ratio. Not part of `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, bench, describe, inject } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { DynamoDbRepository } from '#shared/data/repository';
import { workflowConfig } from '#shared/config';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { bulkLoad, type BulkLoaded } from '#test/reports/bulk-load';
import { CapacityMeter } from '#test/support/capacity-meter';
import { applicationReport } from './core/application-report.ts';
import { monthsBetween } from './core/months.ts';
import { overdueReport } from './core/overdue-report.ts';
import type { ReportDeps } from './core/ports.ts';
import { stepReport } from './core/step-report.ts';

const sizes = [1_000, 50_000] as const;
const from = new Date('2024-01-02T00:00:00.000Z');
const until = new Date('2025-02-20T02:00:00.000Z');
const allMonths = monthsBetween('2024-01', '2025-02');
const calendar = loadOfficialCalendar();

const reports: Record<string, (deps: ReportDeps) => Promise<unknown>> = {
  'steps, one month': (deps) => stepReport(deps, { months: ['2024-10'] }),
  'steps, 14 months': (deps) => stepReport(deps, { months: allMonths }),
  'steps, 14 months by department': (deps) =>
    stepReport(deps, { months: allMonths, groupBy: ['department'] }),
  'applications, 14 months': (deps) => applicationReport(deps, { months: allMonths }),
  'overdue, every department': (deps) => overdueReport(deps),
};

interface Loaded {
  table: TestTable;
  deps: ReportDeps;
  meter: CapacityMeter;
  data: BulkLoaded;
  loadSeconds: number;
}
const loaded = new Map<number, Loaded>();

beforeAll(async () => {
  for (const size of sizes) {
    // Without the stream: on DynamoDB Local its records slow every later request on the table (README "Scaling").
    const table = await createTestTable(inject('dynamoEndpoint'), { stream: false });
    const started = performance.now();
    const data = await bulkLoad({
      client: table.client,
      tableName: table.tableName,
      calendar,
      count: size,
      seed: 6,
      from,
      until,
    });
    const meter = CapacityMeter.on(table.client);
    const deps: ReportDeps = {
      repository: new DynamoDbRepository({ client: table.client, tableName: table.tableName }),
      calendar,
      config: workflowConfig(),
      now: () => until,
      logger: console,
    };
    loaded.set(size, { table, deps, meter, data, loadSeconds: (performance.now() - started) / 1000 });
  }
}, 900_000);

afterAll(async () => {
  const lines: string[] = [];
  const summary: Record<string, Record<number, { ms: number; rcu: number; requests: number }>> = {};
  for (const [name, report] of Object.entries(reports)) {
    summary[name] = {};
    for (const size of sizes) {
      const { deps, meter } = loaded.get(size)!;
      meter.reset();
      await report(deps);
      const { capacityUnits: rcu, requests } = meter.reads();
      const cost = { rcu, requests };
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const started = performance.now();
        await report(deps);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      summary[name][size] = { ms: times[7]!, ...cost };
    }
  }
  for (const size of sizes) {
    const { data, loadSeconds } = loaded.get(size)!;
    lines.push(
      `${size} applications: ${data.stepsClosed} steps closed, ${data.counterItems} counter items, ` +
        `${data.openSteps} open steps (loaded in ${loadSeconds.toFixed(1)} s)`,
    );
  }
  const [small, large] = sizes;
  lines.push(
    '',
    `| report | ms @${small} | ms @${large} | ratio | RCU @${small} | RCU @${large} | ratio | reads @${small} | reads @${large} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [name, bySize] of Object.entries(summary)) {
    const a = bySize[small]!;
    const b = bySize[large]!;
    lines.push(
      `| ${name} | ${a.ms.toFixed(1)} | ${b.ms.toFixed(1)} | ${(b.ms / a.ms).toFixed(2)} | ` +
        `${a.rcu} | ${b.rcu} | ${(a.rcu === 0 ? 0 : b.rcu / a.rcu).toFixed(2)} | ${a.requests} | ${b.requests} |`,
    );
  }
  // For the one table of `npm run bench` (scripts/bench/run.ts).
  const out = new URL('../../.bench/', import.meta.url);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL('reports-scaling.json', out), JSON.stringify({ sizes, summary }));
  console.log(
    `\nReport cost as the platform grows (median of 15 runs; DynamoDB Local)\n${lines.join('\n')}\n`,
  );
  for (const { table } of loaded.values()) await table.drop();
}, 300_000);

for (const size of sizes) {
  describe(`reports over ${size.toLocaleString('en')} applications`, () => {
    for (const [name, report] of Object.entries(reports)) {
      bench(
        name,
        async () => {
          await report(loaded.get(size)!.deps);
        },
        { time: 1_000, iterations: 10, warmupIterations: 2 },
      );
    }
  });
}
