// Part of `npm run bench`: what one application costs in the cloud. Two complete applications run through the real
// code on the embedded runtime (DynamoDB Local, the synthesized state machine, the real handlers, HTTP only, as the
// portal would, with an Idempotency-Key on every write): a REGULAR one with five permits and one supplement loop
// (补正 at a department, answered), and a STANDARD-LAND one on commitment (告知承诺) through its verification (承诺核查).
// Counted per application: state transitions (the execution's own history), Lambda invocations and GB-seconds
// (measured durations × each function's memory in the synthesized template), DynamoDB write and read units
// (every request asks for ReturnConsumedCapacity TOTAL, the answers are summed), API requests, and what the outbox
// and issuance cause downstream (EventBridge Pipes, EventBridge, SQS, SES, S3, KMS). Converted to US$ with the
// list prices below. Also: the items each human decision writes, and the idempotency records' share of them.
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { travellingClock } from '#infra/local/clock';
import { actors, documentMeta, officerOf, type ApplicationDetail } from '#infra/local/driver';
import { startPlatform, type Platform } from '#infra/local/platform';
import { standardLandParcels } from '#infra/local/seed';
import { functionMetadata } from '#infra/routes';
import { createDocumentClient } from '#shared/data/client';
import { applicationPartition } from '#shared/data/keys';
import { keys } from '#shared/data/table';
import { CapacityMeter, itemsWritten } from '#test/support/capacity-meter';
import { permitTypes } from '#shared/model';
import { CountingClient, regularFiling } from './portal-client.ts';

/**
 * Public list prices, **us-east-1 (N. Virginia)**, as published on each service's pricing page, read 2026-12-01
 * (on-demand, no free tier, no savings plans). The deployment region of a Chinese city would be cn-north-1 /
 * cn-northwest-1 (priced in CNY by Sinnet / NWCD, not on the AWS price list) or ap-east-1; us-east-1 is the
 * reference every AWS price is quoted against, so the figures here compare across services and over time.
 */
export const prices = {
  /** https://aws.amazon.com/step-functions/pricing/ — Standard workflows, per state transition ($0.025 / 1,000). */
  stateTransition: 0.025 / 1_000,
  /** https://aws.amazon.com/lambda/pricing/ — Arm (Graviton), per GB-second, first 6 billion GB-s / month. */
  lambdaArmGbSecond: 0.0000133334,
  /** https://aws.amazon.com/lambda/pricing/ — per request ($0.20 / million). */
  lambdaRequest: 0.2 / 1_000_000,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — per write request unit ($0.625 / million, since Nov 2024). */
  dynamoWriteUnit: 0.625 / 1_000_000,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — per read request unit ($0.125 / million). */
  dynamoReadUnit: 0.125 / 1_000_000,
  /** https://aws.amazon.com/api-gateway/pricing/ — HTTP APIs, first 300 million requests ($1.00 / million). */
  httpApiRequest: 1 / 1_000_000,
  /** https://aws.amazon.com/cloudfront/pricing/ — HTTPS requests, North America ($0.0100 / 10,000). */
  cloudFrontRequest: 0.01 / 10_000,
  /** https://aws.amazon.com/eventbridge/pricing/ — Pipes, per request after filtering ($0.40 / million). */
  pipeRequest: 0.4 / 1_000_000,
  /** https://aws.amazon.com/eventbridge/pricing/ — custom events published ($1.00 / million). */
  eventBridgeEvent: 1 / 1_000_000,
  /** https://aws.amazon.com/sqs/pricing/ — standard queue requests ($0.40 / million). */
  sqsRequest: 0.4 / 1_000_000,
  /** https://aws.amazon.com/ses/pricing/ — outbound e-mail ($0.10 / 1,000). */
  sesEmail: 0.1 / 1_000,
  /** https://aws.amazon.com/s3/pricing/ — S3 Standard PUT, COPY, POST, LIST ($0.005 / 1,000). */
  s3Put: 0.005 / 1_000,
  /** https://aws.amazon.com/s3/pricing/ — S3 Standard GET ($0.0004 / 1,000). */
  s3Get: 0.0004 / 1_000,
  /** https://aws.amazon.com/kms/pricing/ — asymmetric requests other than RSA 2048 ($0.15 / 10,000). */
  kmsAsymmetricRequest: 0.15 / 10_000,
  /** https://aws.amazon.com/firehose/pricing/ — Direct PUT, $0.029 / GB ingested, each record rounded up to 5 KB. */
  firehoseRecord: (0.029 * 5) / (1024 * 1024),
} as const;
export const pricesRegion = 'us-east-1';
export const pricesDate = '2026-12-01';

export interface ApplicationCost {
  scenario: string;
  applicationId: string;
  status: string;
  transitions: number;
  lambda: {
    invocations: number;
    gbSeconds: number;
    byFunction: Record<string, { n: number; ms: number; wcu: number; rcu: number }>;
  };
  dynamo: {
    wcu: number;
    rcu: number;
    requests: Record<string, number>;
    outsideHandlers: { wcu: number; rcu: number };
  };
  apiRequests: number;
  auditEvents: number;
  notificationsDelivered: number;
  emails: number;
  sms: number;
  s3: { put: number; get: number };
  certificates: number;
  /** Items each human decision wrote, by route, and how many of them were idempotency records. */
  decisions: {
    entry: string;
    items: number;
    idempotencyItems: number;
    wcu: number;
    idempotencyWcu: number;
  }[];
  usd: Record<string, number>;
  usdTotal: number;
}

const decisionEntries = [
  'services/intake/handlers/decide-intake.ts',
  'services/review/handlers/decide-step.ts',
  'services/intake/handlers/resubmit-supplement.ts',
  'services/review/handlers/decide-verification.ts',
];

/** The memory (MB) of every function, by entry, as the CDK app configures it. */
async function memoryByEntry(): Promise<Map<string, number>> {
  const { synthesizeApproval } = await import('#infra/local/synth');
  const memory = new Map<string, number>();
  for (const resource of Object.values(synthesizeApproval().json.Resources ?? {})) {
    const r = resource as {
      Type: string;
      Metadata?: Record<string, string>;
      Properties?: { MemorySize?: number };
    };
    const entry = r.Metadata?.[functionMetadata.entry];
    if (r.Type === 'AWS::Lambda::Function' && entry) memory.set(entry, r.Properties?.MemorySize ?? 128);
  }
  return memory;
}

interface Meter {
  platform: Platform;
  /** The API as the portal calls it; its count excludes the runtime's local routes. */
  http: CountingClient;
  writes: CapacityMeter;
  s3: { put: number; get: number };
}

/** Runs the two applications; each figure per application. */
export async function measureCost(): Promise<ApplicationCost[]> {
  const memory = await memoryByEntry();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-cost-'));
  const writes = new CapacityMeter();
  const clock = travellingClock('2025-03-01T09:00:00+08:00');
  const platform = await startPlatform({
    port: 0,
    dataDir,
    clock,
    sweepIntervalMs: 0,
    outboxIntervalMs: 0,
    instrument: writes.instrumentation,
  });
  const s3 = { put: 0, get: 0 };
  const s3Host = new URL(platform.s3Endpoint).host;
  const onRequest = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (request.getHeader('host') !== s3Host) return;
    if (request.method === 'PUT' || request.method === 'POST') s3.put += 1;
    else if (request.method === 'GET' || request.method === 'HEAD') s3.get += 1;
  };
  subscribe('http.client.request.start', onRequest);
  const meter: Meter = { platform, http: new CountingClient(platform.url), writes, s3 };
  const reader = createDocumentClient({ endpoint: platform.dynamoEndpoint });
  try {
    // A first application warms every function up (imports, the certificate renderer's font): the figures are
    // those of warm functions, as most invocations are; a cold start's init is in the cold-start table.
    await regularWithSupplement(meter, clock, '2025-03-03');
    const results: ApplicationCost[] = [];
    for (const scenario of [regularWithSupplement, standardLand]) {
      await platform.settled();
      await platform.outbox.drain();
      const mark = snapshot(meter);
      const { name, applicationId } = await scenario(meter, clock);
      await platform.settled();
      await platform.outbox.drain();
      results.push(await costOf(meter, mark, name, applicationId, memory, reader));
    }
    return results;
  } finally {
    reader.destroy();
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function snapshot(meter: Meter) {
  return {
    invocations: meter.writes.invocations.length,
    apiRequests: meter.http.requests,
    outside: { wcu: meter.writes.outside.wcu, rcu: meter.writes.outside.rcu },
    requests: new Map(meter.writes.requests),
    emails: meter.platform.mail.messages().length,
    sms: meter.platform.sms().length,
    s3: { ...meter.s3 },
  };
}

async function costOf(
  meter: Meter,
  mark: ReturnType<typeof snapshot>,
  scenario: string,
  applicationId: string,
  memory: Map<string, number>,
  reader: DynamoDBDocumentClient,
): Promise<ApplicationCost> {
  const { platform } = meter;
  const calls = meter.writes.invocations.slice(mark.invocations);
  const byFunction: Record<string, { n: number; ms: number; wcu: number; rcu: number }> = {};
  let gbSeconds = 0;
  for (const call of calls) {
    const name = call.entry.split('/').pop()!.replace(/\.ts$/, '');
    const f = (byFunction[name] ??= { n: 0, ms: 0, wcu: 0, rcu: 0 });
    f.n += 1;
    f.ms += call.ms;
    f.wcu += call.wcu;
    f.rcu += call.rcu;
    // Lambda bills each invocation's duration rounded up to the millisecond, at the configured memory.
    gbSeconds += (Math.ceil(call.ms) / 1000) * ((memory.get(call.entry) ?? 256) / 1024);
  }
  const wcu = calls.reduce((sum, c) => sum + c.wcu, 0) + meter.writes.outside.wcu - mark.outside.wcu;
  const rcu = calls.reduce((sum, c) => sum + c.rcu, 0) + meter.writes.outside.rcu - mark.outside.rcu;
  const requests: Record<string, number> = {};
  for (const [op, n] of meter.writes.requests) {
    const d = n - (mark.requests.get(op) ?? 0);
    if (d > 0) requests[op] = d;
  }
  const execution = platform.stepFunctions.execution(applicationId);
  if (!execution) throw new Error(`no execution ${applicationId}`);
  const transitions = execution.stateTransitions();
  const { Items: events = [] } = await reader.send(
    new QueryCommand({
      TableName: platform.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :evt)',
      ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
      ExpressionAttributeValues: { ':pk': applicationPartition(applicationId), ':evt': 'EVT#' },
    }),
  );
  const detail = await meter.http.api.ok<ApplicationDetail>(
    actors.admin,
    'GET',
    `/applications/${applicationId}`,
  );
  const certificates = (detail.application.permits ?? []).length;
  const notify = calls.filter((c) => c.entry.includes('notify-from-bus')).length;
  const emails = platform.mail.messages().length - mark.emails;
  const sms = platform.sms().length - mark.sms;
  const s3 = { put: meter.s3.put - mark.s3.put, get: meter.s3.get - mark.s3.get };
  const apiRequests = meter.http.requests - mark.apiRequests;
  const decisions = calls
    .filter((c) => decisionEntries.includes(c.entry))
    .map((c) => ({
      entry: c.entry.split('/').pop()!.replace(/\.ts$/, ''),
      items: itemsWritten(c).items,
      idempotencyItems: itemsWritten(c).idempotency,
      wcu: Math.round(c.wcu * 10) / 10,
      idempotencyWcu: Math.round(c.idempotencyWcu * 10) / 10,
    }));
  const usd: Record<string, number> = {
    'Step Functions transitions': transitions * prices.stateTransition,
    'Lambda requests': calls.length * prices.lambdaRequest,
    'Lambda GB-seconds': gbSeconds * prices.lambdaArmGbSecond,
    'DynamoDB writes': wcu * prices.dynamoWriteUnit,
    'DynamoDB reads': rcu * prices.dynamoReadUnit,
    'API Gateway + CloudFront requests': apiRequests * (prices.httpApiRequest + prices.cloudFrontRequest),
    // The outbox: each audit event is one Pipe request (and one enrichment invocation at low traffic, counted
    // with Lambda above as a notify-sized call), one custom event on the bus, and one archive record (Firehose).
    'outbox (Pipes, EventBridge, Firehose)':
      events.length *
      (prices.pipeRequest + prices.eventBridgeEvent + prices.firehoseRecord + prices.lambdaRequest),
    // The rule sends what tells someone something to SQS: a send, a receive and a delete per message.
    'SQS (notification queue)': notify * 3 * prices.sqsRequest,
    'SES e-mail': emails * prices.sesEmail,
    'S3 requests': s3.put * prices.s3Put + s3.get * prices.s3Get,
    'KMS (certificate signatures)': certificates * prices.kmsAsymmetricRequest,
  };
  return {
    scenario,
    applicationId,
    status: detail.application.status,
    transitions,
    lambda: { invocations: calls.length, gbSeconds, byFunction },
    dynamo: {
      wcu,
      rcu,
      requests,
      outsideHandlers: {
        wcu: meter.writes.outside.wcu - mark.outside.wcu,
        rcu: meter.writes.outside.rcu - mark.outside.rcu,
      },
    },
    apiRequests,
    auditEvents: events.length,
    notificationsDelivered: notify,
    emails,
    sms,
    s3,
    certificates,
    decisions,
    usd,
    usdTotal: Object.values(usd).reduce((a, b) => a + b, 0),
  };
}

/** The decisions of both scenarios, as the portal makes them. */
function client(meter: Meter) {
  const call = meter.http.call.bind(meter.http);
  const settle = () => meter.platform.settled();
  const openStep = async (id: string, as: string, kind: string, permitType?: string) => {
    // The officer opens the application (as the portal does) and finds the step to decide.
    const { steps } = await call<ApplicationDetail>(as, 'GET', `/applications/${id}`);
    const step = steps.find(
      (s) =>
        s.status === 'open' && s.kind === kind && (permitType === undefined || s.permitType === permitType),
    );
    if (!step) throw new Error(`${id}: no open ${kind} step ${permitType ?? ''}`);
    return step;
  };
  return {
    call,
    settle,
    async decideReview(id: string, permitType: string, body: Record<string, unknown>) {
      const department = (await openStep(id, actors.admin, 'review', permitType)).department;
      const officer = officerOf[department]!;
      const step = await openStep(id, officer, 'review', permitType);
      await call(officer, 'POST', `/applications/${id}/steps/${step.stepId}/decision`, body);
      await settle();
    },
  };
}

/** `days` after `monday` at `time`, Beijing time. */
function on(monday: string, days: number, time: string): Date {
  const date = new Date(`${monday}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return new Date(`${date.toISOString().slice(0, 10)}T${time}:00+08:00`);
}

async function regularWithSupplement(
  meter: Meter,
  clock: ReturnType<typeof travellingClock>,
  monday = '2025-03-17',
) {
  const api = client(meter);
  clock.set(on(monday, 0, '09:00'));
  const { applicationId: id } = await api.call<{ applicationId: string }>(
    actors.changchun,
    'POST',
    '/applications',
    regularFiling('Cost bench gearbox plant'),
  );
  await api.settle();
  clock.set(on(monday, 0, '11:00'));
  await api.call(actors.clerk, 'GET', `/applications/${id}`);
  await api.call(actors.clerk, 'POST', `/applications/${id}/intake-decision`, { outcome: 'accept' });
  await api.settle();
  clock.set(on(monday, 2, '10:00'));
  // 补正 at housing and construction: the one supplement loop.
  await api.decideReview(id, 'construction', {
    outcome: 'request-supplement',
    missingItems: ['施工图审查合格书 (construction drawing review)'],
  });
  clock.set(on(monday, 4, '10:00'));
  await api.call(actors.changchun, 'POST', `/applications/${id}/supplement`, {
    documents: [documentMeta('construction-drawing-review', '施工图审查合格书.pdf')],
  });
  await api.settle();
  clock.set(on(monday, 7, '10:00'));
  for (const permit of permitTypes) await api.decideReview(id, permit, { outcome: 'approve' });
  return { name: 'regular, 5 permits, 1 supplement loop', applicationId: id };
}

async function standardLand(meter: Meter, clock: ReturnType<typeof travellingClock>) {
  const api = client(meter);
  const parcel = standardLandParcels[2]!;
  clock.set(new Date('2025-04-07T09:00:00+08:00'));
  const { applicationId: id } = await api.call<{ applicationId: string }>(
    actors.agent,
    'POST',
    '/applications',
    {
      projectName: 'Cost bench composite panels',
      projectType: 'industrial-plant',
      track: 'standard-land',
      enterpriseId: 'ent-huadu-new-materials',
      landAcquiredOn: '2025-04-03',
      landParcel: { parcelId: parcel.parcelId, areaMu: parcel.areaMu, location: parcel.location },
      investmentYuan: 320_000_000,
      requiredPermits: ['land-use-planning', 'engineering-planning', 'construction'],
      documents: [
        documentMeta('site-plan', '总平面图.pdf'),
        documentMeta('business-licence', '营业执照.pdf'),
      ],
      commitment: { indicators: parcel.indicators },
    },
  );
  await api.settle();
  clock.set(new Date('2025-04-07T11:00:00+08:00'));
  await api.call(actors.clerk, 'GET', `/applications/${id}`);
  await api.call(actors.clerk, 'POST', `/applications/${id}/intake-decision`, { outcome: 'accept' });
  await api.settle();
  // 承诺核查: the verification falls due 30 working days after issuance; the Wait state sleeps on the clock.
  clock.set(new Date('2025-05-26T10:00:00+08:00'));
  await api.settle();
  const { steps } = await api.call<ApplicationDetail>(actors.admin, 'GET', `/applications/${id}`);
  const verification = steps.find((s) => s.kind === 'verification' && s.status === 'open');
  if (!verification) throw new Error(`${id}: no open verification step`);
  const officer = officerOf[verification.department]!;
  await api.call(officer, 'GET', `/applications/${id}`);
  await api.call(officer, 'POST', `/applications/${id}/verification-decision`, { outcome: 'passed' });
  await api.settle();
  return { name: 'standard land, 3 permits on commitment, verified', applicationId: id };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureCost(), null, 1));
  process.exit(0);
}
