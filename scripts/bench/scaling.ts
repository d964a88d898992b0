// Scaling (issue 17): what the reads people make every day cost at 1,000 and at 100,000 applications — an inbox
// page, one application, a search page and each report the administrators use — through the route handlers
// (JWT claims, validation, the view), on a DynamoDB Local of this bench's own, in memory. Per read: the median
// latency and the read units DynamoDB reports for it (ReturnConsumedCapacity TOTAL on every read, added up), so
// each figure can be given as a ratio large ÷ small (budget ≤ 1.5).
//
// The data is `bulkLoad`'s (test/reports/bulk-load.ts, the report bench's generator): recorded histories written
// with BatchWriteItem as the repository's builders make the items. The first 1,000 applications are the same at
// both sizes and are the only ones that may still be in progress, so both tables carry the same open work and
// differ in history: months of finished applications pile up while the work in hand stays what the departments
// can handle. Those 1,000 also get their audit events, so an application read shows its timeline.
//
// Run alone: `npx tsx scripts/bench/scaling.ts` (prints JSON); `SCALING_SIZES=1000,10000` for a quick look;
// `SCALING_STREAM=1` gives the tables their stream, as deployed (the comparison in README "Scaling").
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Principal } from '#shared/auth/principal';
import { loadOfficialCalendar } from '#shared/calendar/index';
import type { HttpHandler } from '#shared/http/handler';
import { createRuntime } from '#shared/runtime/index';
import { createHandler as searchApplications } from '#services/officers/handlers/search-applications';
import { createHandler as getApplication } from '#services/intake/handlers/get-application';
import { createHandler as listInbox } from '#services/review/handlers/list-inbox';
import { createHandler as applicationReport } from '#services/reports/handlers/get-application-report';
import { createHandler as overdueReport } from '#services/reports/handlers/get-overdue-report';
import { createHandler as publishedPerformance } from '#services/reports/handlers/get-published-performance';
import { createHandler as stepReport } from '#services/reports/handlers/get-step-report';
import { bulkLoad } from '#test/reports/bulk-load';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/data/client';
import { createTableFromDefinition } from '#shared/data/create-table';
import { DynamoDbRepository } from '#shared/data/repository';
import { monthsBetween } from '#services/reports/core/months';
import { CapacityMeter } from '#test/support/capacity-meter';
import { startDynamoDbLocal } from '#test/support/dynamodb-local';
import { apiEvent, lambdaContext } from '#test/support/http';

export interface ScalingCost {
  /** Median of `runs` calls. */
  ms: number;
  /** Read units of one call, as DynamoDB reports them. */
  rcu: number;
  /** DynamoDB read requests of one call. */
  requests: number;
  /**
   * CPU time of this process per call (median): the handler's own work (validation, the report's arithmetic,
   * the SDK's (de)serialization). The rest of `ms` is waiting on DynamoDB Local, a process of its own.
   */
  cpuMs: number;
}

export interface ScalingResult {
  sizes: [number, number];
  loads: {
    applications: number;
    items: number;
    seconds: number;
    /** The counter items of the busiest month and their size (JSON bytes): what a month's report reads. */
    busiestMonth: { month: string; counterItems: number; bytes: number };
  }[];
  reads: { name: string; route: string; bySize: Record<number, ScalingCost> }[];
}

/** The same span as the report bench: 14 months of receipts, read on 20 February 2025. */
const from = new Date('2024-01-02T00:00:00.000Z');
const until = new Date('2025-02-20T02:00:00.000Z');
const seed = 6;
const liveApplications = 1_000;

interface Read {
  name: string;
  route: string;
  handler: HttpHandler;
  event: (context: { department: string; applicationId: string }) => APIGatewayProxyEventV2;
}

const admin: Principal = { userId: 'admin-1', roles: ['administrator'] };
const officerOf = (department: string): Principal => ({
  userId: 'officer-1',
  roles: ['department-officer'],
  department,
});

export async function measureScaling(
  options: {
    sizes?: [number, number];
    runs?: number;
    /** Tables with their stream, as deployed (slow to load on DynamoDB Local; see `stream` in create-table.ts). */
    stream?: boolean;
  } = {},
): Promise<ScalingResult> {
  const sizes = options.sizes ?? [1_000, 100_000];
  const runs = options.runs ?? 15;
  const calendar = loadOfficialCalendar();
  const dynamo = await startDynamoDbLocal();
  const tables: { tableName: string; client: DynamoDBDocumentClient }[] = [];
  try {
    const loads: ScalingResult['loads'] = [];
    const loaded = new Map<number, { runtime: ReturnType<typeof createRuntime>; meter: CapacityMeter }>();
    for (const size of sizes) {
      // The deployed keys and indexes, without the stream: see `stream` in shared/data/create-table.ts.
      const table = {
        tableName: `scaling-${size}`,
        client: createDocumentClient({ endpoint: dynamo.endpoint }),
      };
      await createTableFromDefinition(table.client, table.tableName, {
        stream: options.stream ?? false,
        idempotencyTable: false,
      });
      tables.push(table);
      const started = performance.now();
      const data = await bulkLoad({
        client: table.client,
        tableName: table.tableName,
        calendar,
        count: size,
        seed,
        from,
        until,
        liveApplications,
        withEvents: liveApplications,
        onProgress: (done) => {
          if (done % 20_000 === 0) {
            const seconds = (performance.now() - started) / 1000;
            process.stderr.write(`scaling: ${done} applications written after ${seconds.toFixed(0)} s\n`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      loads.push({
        applications: size,
        items: data.items,
        seconds,
        busiestMonth: await busiestCounterMonth(table),
      });
      process.stderr.write(
        `scaling: ${size} applications, ${data.items} items loaded in ${seconds.toFixed(1)} s ` +
          `(${Math.round(size / seconds)} applications/s, ${Math.round(data.items / seconds)} items/s)\n`,
      );
      const meter = CapacityMeter.on(table.client);
      const runtime = createRuntime({
        tableName: table.tableName,
        documentClient: table.client,
        calendar,
        now: () => until,
      });
      loaded.set(size, { runtime, meter });
    }

    // The busiest department's inbox, and the application of its first open step (one of the live 1,000, the
    // same at both sizes): picked on the small table.
    const first = loaded.get(sizes[0])!;
    const counts = new Map<string, number>();
    for (const department of first.runtime.config.departments) {
      const page = await call(listInbox(first.runtime), inboxEvent(department));
      counts.set(department, (page.body.items as unknown[]).length);
    }
    const department = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const inbox = await call(listInbox(first.runtime), inboxEvent(department));
    const applicationId = String(inbox.body.items[0].applicationId);
    const context = { department, applicationId };

    const reads = (runtime: ReturnType<typeof createRuntime>): Read[] => [
      {
        name: `inbox, first page (${department})`,
        route: 'GET /inbox',
        handler: listInbox(runtime),
        event: (c) => inboxEvent(c.department),
      },
      {
        name: 'one application (with steps and timeline)',
        route: 'GET /applications/{applicationId}',
        handler: getApplication(runtime),
        event: (c) =>
          apiEvent({
            path: `/applications/${c.applicationId}`,
            pathParameters: { applicationId: c.applicationId },
            principal: admin,
          }),
      },
      {
        name: `search, first page (officer of ${department})`,
        route: 'GET /applications/search',
        handler: searchApplications(runtime),
        event: (c) => apiEvent({ path: '/applications/search', principal: officerOf(c.department) }),
      },
      {
        name: 'steps report, current month',
        route: 'GET /admin/reports/steps',
        handler: stepReport(runtime),
        event: () => apiEvent({ path: '/admin/reports/steps', principal: admin }),
      },
      {
        name: 'steps report, 14 months',
        route: 'GET /admin/reports/steps',
        handler: stepReport(runtime),
        event: () =>
          apiEvent({
            path: '/admin/reports/steps',
            principal: admin,
            queryStringParameters: { from: '2024-01', to: '2025-02' },
          }),
      },
      {
        name: 'applications report, current month',
        route: 'GET /admin/reports/applications',
        handler: applicationReport(runtime),
        event: () => apiEvent({ path: '/admin/reports/applications', principal: admin }),
      },
      {
        name: 'applications report, 14 months',
        route: 'GET /admin/reports/applications',
        handler: applicationReport(runtime),
        event: () =>
          apiEvent({
            path: '/admin/reports/applications',
            principal: admin,
            queryStringParameters: { from: '2024-01', to: '2025-02' },
          }),
      },
      {
        name: 'overdue report, every department',
        route: 'GET /admin/reports/overdue',
        handler: overdueReport(runtime),
        event: () => apiEvent({ path: '/admin/reports/overdue', principal: admin }),
      },
      {
        name: 'published performance, current month',
        route: 'GET /public/performance',
        handler: publishedPerformance(runtime),
        event: () => apiEvent({ path: '/public/performance' }),
      },
    ];

    const bySizeReads = new Map(sizes.map((size) => [size, reads(loaded.get(size)!.runtime)]));
    const results: ScalingResult['reads'] = [];
    for (const [i, read] of reads(first.runtime).entries()) {
      const bySize: Record<number, ScalingCost> = {};
      const times = new Map<number, number[]>(sizes.map((size) => [size, []]));
      const cpu = new Map<number, number[]>(sizes.map((size) => [size, []]));
      for (const size of sizes) {
        const { meter } = loaded.get(size)!;
        const sized = bySizeReads.get(size)![i]!;
        await call(sized.handler, sized.event(context)); // warm: handler set-up, connections
        meter.reset();
        await call(sized.handler, sized.event(context));
        const { capacityUnits, requests } = meter.reads();
        bySize[size] = { ms: 0, rcu: capacityUnits, requests, cpuMs: 0 };
      }
      // The sizes take turns, so that a burst of load on the shared machine falls on both alike.
      for (let run = 0; run < runs; run++) {
        for (const size of sizes) {
          const sized = bySizeReads.get(size)![i]!;
          const started = performance.now();
          const cpuBefore = process.cpuUsage();
          await call(sized.handler, sized.event(context));
          times.get(size)!.push(performance.now() - started);
          const used = process.cpuUsage(cpuBefore);
          cpu.get(size)!.push((used.user + used.system) / 1000);
        }
      }
      for (const size of sizes) {
        bySize[size]!.ms = median(times.get(size)!);
        bySize[size]!.cpuMs = median(cpu.get(size)!);
      }
      results.push({ name: read.name, route: read.route, bySize });
    }
    return { sizes, loads, reads: results };
  } finally {
    for (const { client, tableName } of tables) {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
    }
    await dynamo.stop();
  }
}

/** Reads every month's counters of the span (as the reports do, through the repository) and keeps the largest. */
async function busiestCounterMonth(table: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): Promise<ScalingResult['loads'][number]['busiestMonth']> {
  const repository = new DynamoDbRepository(table);
  let busiest = { month: '', counterItems: 0, bytes: 0 };
  for (const month of monthsBetween('2024-01', '2025-02')) {
    const rows = await repository.listCounters(month);
    const bytes = Buffer.byteLength(JSON.stringify(rows));
    if (bytes > busiest.bytes) busiest = { month, counterItems: rows.length, bytes };
  }
  return busiest;
}

function inboxEvent(department: string): APIGatewayProxyEventV2 {
  return apiEvent({ path: '/inbox', principal: officerOf(department) });
}

async function call(
  handler: HttpHandler,
  event: APIGatewayProxyEventV2,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reads a few fields of each answer
): Promise<{ body: any }> {
  const result = (await handler(event, lambdaContext() as Context)) as APIGatewayProxyStructuredResultV2;
  if (result.statusCode !== 200) {
    throw new Error(`${event.rawPath} answered ${result.statusCode}: ${result.body?.slice(0, 300)}`);
  }
  const type = String(result.headers?.['content-type'] ?? '');
  return { body: type.startsWith('application/json') ? JSON.parse(result.body ?? 'null') : undefined };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Alone: `npx tsx scripts/bench/scaling.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.env.SCALING_SIZES?.split(',').map(Number) as [number, number] | undefined;
  const stream = process.env.SCALING_STREAM === '1';
  console.log(JSON.stringify(await measureScaling({ ...(sizes ? { sizes } : {}), stream }), null, 2));
  process.exit();
}
