// Part of `npm run bench`: routes against their floor. The embedded runtime (DynamoDB Local, the synthesized state
// machine, the real handlers) answers a steady load from autocannon; p50/p99 per route are set against the
// DynamoDB operation the route cannot do without, timed in the same run, on the same DynamoDB Local, at the
// same concurrency. The DynamoDB requests a route really sends are counted too (node's http diagnostics
// channel), so the gap between the two can be read as "requests made" vs "time per request".
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform } from '#infra/local/platform';
import { createDocumentClient } from '#shared/data/client';
import { applicationPartition, applicationSortKey, enterprisePartition } from '#shared/data/keys';
import { indexes, keys } from '#shared/data/table';
import { submission } from '#test/support/fixtures';

export interface RouteFigure {
  route: string;
  p50: number;
  p99: number;
  requests: number;
  /** DynamoDB requests the route sent per call, by operation. */
  dynamoOps: Record<string, number>;
  floor: string;
  floorP50: number;
  floorP99: number;
  /**
   * A call the route makes that its floor leaves out (the rule: a submission is judged without its
   * StartExecution), timed on its own: p50/p99 ms of each such request, and how many per route call.
   */
  excluded?: { what: string; p50: number; p99: number; perCall: number };
}

const connections = 4;
const seconds = Number(process.env.ROUTE_SECONDS ?? 8);
/** `ROUTES=POST` measures only the routes whose name contains one of these (comma-separated) words. */
const onlyRoutes = process.env.ROUTES?.split(',');

export async function measureRoutes(): Promise<RouteFigure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-routes-'));
  const platform = await startPlatform({ port: 0, dataDir, sweepIntervalMs: 0, outboxIntervalMs: 0 });
  const dynamoHost = new URL(platform.dynamoEndpoint).host;
  const sfnHost = new URL(platform.stepFunctionsUrl).host;
  const isTo = (request: ClientRequest, host: string) =>
    `${request.host}:${request.getHeader('host')?.toString().split(':')[1] ?? ''}` === host ||
    request.getHeader('host') === host;
  const ops = new Map<string, number>();
  // StartExecution requests to the embedded Step Functions endpoint: when each started, how long each took.
  const startsInFlight = new WeakMap<ClientRequest, number>();
  const startDurations: number[] = [];
  subscribe('http.client.request.start', (message) => {
    const request = (message as { request: ClientRequest }).request;
    const target = String(request.getHeader('x-amz-target') ?? '?');
    if (isTo(request, dynamoHost)) {
      const op = target.replace('DynamoDB_20120810.', '');
      ops.set(op, (ops.get(op) ?? 0) + 1);
    } else if (isTo(request, sfnHost) && target.endsWith('.StartExecution')) {
      startsInFlight.set(request, performance.now());
    }
  });
  subscribe('http.client.response.finish', (message) => {
    const started = startsInFlight.get((message as { request: ClientRequest }).request);
    if (started !== undefined) startDurations.push(performance.now() - started);
  });
  try {
    const client = createDocumentClient({ endpoint: platform.dynamoEndpoint });
    const table = platform.tableName;
    const token = await platform.tokenFor('enterprise.changchun');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const body = JSON.stringify(submission());
    const submit = async () => {
      const response = await fetch(`${platform.url}/applications`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': randomUUID() },
        body,
      });
      if (response.status !== 201)
        throw new Error(`submission answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { applicationId: string }).applicationId;
    };
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await submit());
    await platform.settled();
    const id = ids[0]!;
    const app = (
      await client.send(
        new GetCommand({
          TableName: table,
          Key: { [keys.pk]: applicationPartition(id), [keys.sk]: applicationSortKey },
        }),
      )
    ).Item!;
    const enterpriseId = app.enterpriseId as string;

    const routes: {
      route: string;
      method: 'GET' | 'POST';
      path: string;
      floor: string;
      op: () => Promise<unknown>;
      /** Timed apart and left out of the comparison with the floor. */
      excludes?: 'StartExecution';
    }[] = [
      {
        route: 'GET /applications/{id}',
        method: 'GET',
        path: `/applications/${id}`,
        floor: 'one Query of the application partition (the application, its steps and events)',
        op: () =>
          client.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': keys.pk },
              ExpressionAttributeValues: { ':pk': applicationPartition(id) },
              ConsistentRead: true,
            }),
          ),
      },
      {
        route: 'GET /applications (enterprise, first page)',
        method: 'GET',
        path: '/applications',
        floor: 'one Query of the enterprise index, 20 items',
        op: () =>
          client.send(
            new QueryCommand({
              TableName: table,
              IndexName: indexes.byEnterprise.indexName,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': indexes.byEnterprise.partitionKey },
              ExpressionAttributeValues: { ':pk': enterprisePartition(enterpriseId) },
              ScanIndexForward: false,
              Limit: 20,
            }),
          ),
      },
      {
        route: 'POST /applications',
        method: 'POST',
        path: '/applications',
        floor: 'one TransactWriteItems of 3 application-sized Puts',
        excludes: 'StartExecution',
        op: () => {
          const pk = applicationPartition(`floor-${randomUUID()}`);
          return client.send(
            new TransactWriteCommand({
              TransactItems: ['A', 'EVT#1', 'EVT#2'].map((sk) => ({
                Put: {
                  TableName: table,
                  Item: { ...app, [keys.pk]: pk, [keys.sk]: sk, gsi1pk: undefined, gsi1sk: undefined },
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': keys.pk },
                },
              })),
            }),
          );
        },
      },
    ];

    const figures: RouteFigure[] = [];
    for (const r of routes.filter((r) => !onlyRoutes || onlyRoutes.some((w) => r.route.includes(w)))) {
      ops.clear();
      startDurations.length = 0;
      const result = await autocannon({
        url: `${platform.url}${r.path}`,
        method: r.method,
        headers: auth,
        connections,
        duration: seconds,
        ...(r.method === 'POST'
          ? {
              body,
              requests: [
                {
                  setupRequest: (req: Record<string, unknown>) => ({
                    ...req,
                    headers: { ...auth, 'idempotency-key': randomUUID() },
                  }),
                },
              ],
            }
          : {}),
      });
      const calls = result.requests.total;
      const bad = result.non2xx + result.errors;
      if (bad > 0) throw new Error(`${r.route}: ${bad} of ${calls} answers were not 2xx`);
      const dynamoOps = Object.fromEntries([...ops].map(([k, v]) => [k, Math.round((v / calls) * 10) / 10]));
      const starts = percentiles(startDurations);
      await platform.settled();
      const floor = await timeConcurrently(r.op, connections, 3_000);
      figures.push({
        route: r.route,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: calls,
        dynamoOps,
        floor: r.floor,
        floorP50: floor.p50,
        floorP99: floor.p99,
        ...(r.excludes
          ? {
              excluded: {
                what: r.excludes,
                ...starts,
                perCall: Math.round((startDurations.length / calls) * 10) / 10,
              },
            }
          : {}),
      });
    }
    return figures;
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** p50/p99 milliseconds of `op` run by `workers` loops at once for `ms` milliseconds. */
async function timeConcurrently(
  op: () => Promise<unknown>,
  workers: number,
  ms: number,
): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        await op();
        times.push(performance.now() - started);
      }
    }),
  );
  return percentiles(times);
}

/** p50/p99 of milliseconds, to a tenth (0 for none). */
function percentiles(values: readonly number[]): { p50: number; p99: number } {
  const times = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    times.length === 0
      ? 0
      : Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]! * 10) / 10;
  return { p50: at(0.5), p99: at(0.99) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureRoutes(), null, 1));
  process.exit(0);
}
