// Part of `npm run bench`: a BPMN engine from npm (`bpmn-engine`) side by side with our workflow, in the same run,
// on the same DynamoDB Local. The same flow on both: the clerk's intake, five permits reviewed in parallel, one of
// them asking for a supplement (补正) that the enterprise answers before it is reviewed again, joint issuance.
// The peer is driven as a server would drive it: each decision loads the application's saved state, recovers
// and resumes an engine, signals the user task and saves the state again (engine.getState(), JSON, one item
// per application, a conditional write on a version). Ours is the embedded runtime (HTTP API, JWT, the real
// handlers, the synthesized state machine). Figures: lifecycles per second at the same concurrency, and what
// 10,000 applications waiting at review hold (process heap after a full GC, and stored bytes).
// Run by scripts/bench/run.ts in a child process (`node --expose-gc --import tsx scripts/bench/peer.ts <out.json>`).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stateNames } from '#infra/constructs/workflow';
import { LocalApiClient } from '#infra/local/api-client';
import { actors, documentMeta, officerOf } from '#infra/local/driver';
import { startPlatform } from '#infra/local/platform';
import type { WorkflowExecution } from '#infra/local/run-workflow';
import type { LocalStepFunctions } from '#infra/local/step-functions';
import { createDocumentClient } from '#shared/data/client';
import { applicationKey, applicationPartition, stepSortKeyPrefix } from '#shared/data/keys';
import { keys } from '#shared/data/table';
import { permitCatalog, type DefaultPermitType as PermitType } from '#shared/model';
import { submission } from '#test/support/fixtures';
import {
  BpmnServer,
  createPeerTable,
  peerLifecycle,
  peerToReview,
  permitTypes,
  supplemented,
} from './peer/bpmn-server.ts';
import { partitionBytes, timed } from './peer/measures.ts';

/** One side's figures. */
export interface SideFigures {
  lifecycles: number;
  seconds: number;
  perSecond: number;
  /** Mean milliseconds of one lifecycle, from submission to issued (ours: the execution ended, certificates too). */
  lifecycleMs: number;
  /** Where a lifecycle's time went: mean ms per lifecycle, by part. */
  split: Record<string, number>;
  /** JS heap growth (after a full GC) while `waiting` applications wait at review, scaled to 10,000. */
  heapPer10kBytes: number;
  /** Bytes stored per application waiting at review (DynamoDB's item-size rule), mean. */
  storedBytesPerApplication: number;
}

export interface PeerFigures {
  concurrency: number;
  waiting: number;
  ours: SideFigures & {
    /** Mean ms from the last review decision's answer to the permits issued (status issued). */
    permitsMs: number;
    /** Mean ms from the last review decision's answer to the execution's end: the certificates issued too. */
    endMs: number;
  };
  peer: SideFigures & {
    /** Heap growth per 10,000 once the engines are dropped and only DynamoDB holds the state. */
    heapPer10kStateOnlyBytes: number;
    /** The largest saved state of a lifecycle (DynamoDB's item limit is 400 KB). */
    maxStateBytes: number;
    /** Of which the serialized BPMN definition the state carries with it. */
    sourceBytes: number;
  };
}

const peerTable = 'one-window-bpmn-peer';
const gc = (globalThis as { gc?: () => void }).gc;

// ---------------------------------------------------------------------------------------------------------
// Ours: the embedded runtime, driven over its HTTP API as the portal drives it

interface StepItem {
  stepId: string;
  kind: string;
  permitType?: string;
  status: string;
}

class OurClient {
  constructor(
    readonly api: LocalApiClient,
    readonly client: DynamoDBDocumentClient,
    readonly table: string,
    readonly stepFunctions: LocalStepFunctions,
  ) {}

  /** Milliseconds spent, all lifecycles together, by part. */
  spent: Record<string, number> = {};

  /** A write as the portal sends it: with a fresh Idempotency-Key. */
  async write<T>(user: string, path: string, body: unknown): Promise<T> {
    return timed(this.spent, 'api', () =>
      this.api.ok<T>(user, 'POST', path, body, { 'idempotency-key': randomUUID() }),
    );
  }

  #execution(id: string): WorkflowExecution {
    const execution = this.stepFunctions.execution(id);
    if (!execution) throw new Error(`${id} has no execution`);
    return execution;
  }

  /**
   * Waits until the workflow has opened the step a decision needs (its open-human-step task has stored the step
   * and its token), from the local Step Functions in this process: no polling, so the driver adds no load. The
   * runtime's own `settled()` waits for every execution at once, which a steady concurrent load never reaches.
   */
  async opened(id: string, kind: string, permitType?: PermitType): Promise<void> {
    await timed(this.spent, 'workflow', () =>
      this.#execution(id).waitForTask((task) => {
        const step = task.payload.step as { kind: string; permitType?: string } | undefined;
        return step?.kind === kind && (permitType === undefined || step.permitType === permitType);
      }),
    );
  }

  /** The open step's id, read as the officer's screen reads it before deciding (one Query of its steps). */
  async openStepId(id: string, kind: string, permitType: PermitType): Promise<string> {
    await this.opened(id, kind, permitType);
    const { Items = [] } = await timed(this.spent, 'read', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :steps)',
          ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
          ExpressionAttributeValues: { ':pk': applicationPartition(id), ':steps': stepSortKeyPrefix },
          ConsistentRead: true,
        }),
      ),
    );
    const step = (Items as StepItem[]).find(
      (s) => s.status === 'open' && s.kind === kind && s.permitType === permitType,
    );
    if (!step) throw new Error(`${id}: no open ${kind} step for ${permitType}`);
    return step.stepId;
  }

  /**
   * Waits for the execution to end and checks the application was issued; answers the ms from the call until
   * the permits were issued (the workflow entered IssueCertificates) and until the end (certificates issued).
   */
  async issued(id: string): Promise<{ permitsMs: number; endMs: number }> {
    const started = performance.now();
    const execution = this.#execution(id);
    let permitsMs: number | undefined;
    const ended = execution.result.then((result) => ((permitsMs ??= performance.now() - started), result));
    // In memory, every 5 ms: no load on DynamoDB or the API.
    while (permitsMs === undefined && !execution.enteredStates().includes(stateNames.issueCertificates)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    permitsMs ??= performance.now() - started;
    const result = await ended;
    const endMs = performance.now() - started;
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: applicationKey(id), ConsistentRead: true }),
    );
    if (result.status !== 'SUCCEEDED' || Item?.status !== 'issued') {
      throw new Error(`${id} ended ${result.status} as ${String(Item?.status)}`);
    }
    return { permitsMs, endMs };
  }

  async toReview(): Promise<string> {
    const { applicationId } = await this.write<{ applicationId: string }>(
      actors.changchun,
      '/applications',
      submission({ requiredPermits: permitTypes }),
    );
    await this.opened(applicationId, 'intake');
    await this.write(actors.clerk, `/applications/${applicationId}/intake-decision`, { outcome: 'accept' });
    for (const permit of permitTypes) await this.opened(applicationId, 'review', permit);
    return applicationId;
  }

  async decideReview(id: string, permit: PermitType, decision: Record<string, unknown>): Promise<void> {
    const stepId = await this.openStepId(id, 'review', permit);
    await this.write(
      officerOf[permitCatalog[permit].department]!,
      `/applications/${id}/steps/${stepId}/decision`,
      decision,
    );
  }

  /** One lifecycle, to the execution's end; answers the ms from the last decision to the permits and the end. */
  async lifecycle(): Promise<{ permitsMs: number; endMs: number }> {
    const id = await this.toReview();
    await this.decideReview(id, supplemented, {
      outcome: 'request-supplement',
      missingItems: ['施工图审查合格书 (construction drawing review)'],
    });
    for (const permit of permitTypes) {
      if (permit !== supplemented) await this.decideReview(id, permit, { outcome: 'approve' });
    }
    await this.opened(id, 'review-supplement', supplemented);
    await this.write(actors.changchun, `/applications/${id}/supplement`, {
      documents: [documentMeta('drawing-review', '施工图审查合格书.pdf')],
    });
    await this.decideReview(id, supplemented, { outcome: 'approve' });
    return timed(this.spent, 'workflow', () => this.issued(id));
  }

  async storedBytes(id: string): Promise<number> {
    return partitionBytes(this.client, this.table, keys.pk, applicationPartition(id));
  }
}

/** The JS heap after full collections (node runs with --expose-gc). */
async function heapAfterGc(): Promise<number> {
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** `concurrency` loops, each starting lifecycles until `seconds` have passed; answers their count and time. */
async function steadyLoad(
  concurrency: number,
  seconds: number,
  lifecycle: () => Promise<unknown>,
): Promise<{ lifecycles: number; seconds: number; meanMs: number }> {
  const started = performance.now();
  const until = started + seconds * 1000;
  let lifecycles = 0;
  let totalMs = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await lifecycle();
        totalMs += performance.now() - t;
        lifecycles += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { lifecycles, seconds: elapsed, meanMs: totalMs / lifecycles };
}

/** Runs `count` tasks, `concurrency` at a time. */
async function inParallel<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

export async function measurePeer(
  options: { concurrency?: number; seconds?: number; waiting?: number; log?: (line: string) => void } = {},
): Promise<PeerFigures> {
  const concurrency = options.concurrency ?? 4;
  const seconds = options.seconds ?? 30;
  const waiting = options.waiting ?? 100;
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  const platform = await startPlatform({ port: 0, dataDir, sweepIntervalMs: 0, outboxIntervalMs: 0 });
  try {
    const client = createDocumentClient({ endpoint: platform.dynamoEndpoint });
    await createPeerTable(client, peerTable);
    const ours = new OurClient(
      new LocalApiClient(platform.url),
      client,
      platform.tableName,
      platform.stepFunctions,
    );
    const peer = new BpmnServer(client, peerTable);

    // Warm up both (JIT, connections, the handlers' first calls), then measure.
    await ours.lifecycle();
    await peerLifecycle(peer);

    // Memory: `waiting` applications brought to review on each side, the heap before and after.
    log(`ours: ${waiting} applications to review`);
    const oursHeap0 = await heapAfterGc();
    const oursWaiting = await inParallel(waiting, concurrency, () => ours.toReview());
    await platform.settled();
    const oursHeap1 = await heapAfterGc();
    const oursStored = await Promise.all(oursWaiting.slice(0, 20).map((id) => ours.storedBytes(id)));

    log(`peer: ${waiting} applications to review`);
    const peerHeap0 = await heapAfterGc();
    peer.keep = true;
    const peerWaiting = await inParallel(waiting, concurrency, async () => {
      const id = randomUUID();
      await peerToReview(peer, id);
      return id;
    });
    peer.keep = false;
    const peerHeap1 = await heapAfterGc();
    peer.kept.clear();
    const peerHeap2 = await heapAfterGc();
    const peerStored = await Promise.all(peerWaiting.slice(0, 20).map((id) => peer.storedBytes(id)));

    // Throughput: the same concurrency and duration on each side, one after the other.
    ours.spent = {};
    peer.spent = {};
    log(`ours: lifecycles for ${seconds} s`);
    const issuance: { permitsMs: number; endMs: number }[] = [];
    const oursLoad = await steadyLoad(concurrency, seconds, async () =>
      issuance.push(await ours.lifecycle()),
    );
    log(`peer: lifecycles for ${seconds} s`);
    const peerLoad = await steadyLoad(concurrency, seconds, () => peerLifecycle(peer));

    const per10k = (bytes: number) => Math.max(0, (bytes / waiting) * 10_000);
    return {
      concurrency,
      waiting,
      ours: {
        lifecycles: oursLoad.lifecycles,
        seconds: oursLoad.seconds,
        perSecond: oursLoad.lifecycles / oursLoad.seconds,
        lifecycleMs: oursLoad.meanMs,
        split: {
          'API writes (HTTP, 9 per lifecycle)': (ours.spent.api ?? 0) / oursLoad.lifecycles,
          'waiting for the workflow': (ours.spent.workflow ?? 0) / oursLoad.lifecycles,
          'reading the step to decide': (ours.spent.read ?? 0) / oursLoad.lifecycles,
        },
        permitsMs: mean(issuance.map((i) => i.permitsMs)),
        endMs: mean(issuance.map((i) => i.endMs)),
        heapPer10kBytes: per10k(oursHeap1 - oursHeap0),
        storedBytesPerApplication: mean(oursStored),
      },
      peer: {
        lifecycles: peerLoad.lifecycles,
        seconds: peerLoad.seconds,
        perSecond: peerLoad.lifecycles / peerLoad.seconds,
        lifecycleMs: peerLoad.meanMs,
        split: {
          'engine (execute or recover, resume, signal, getState)':
            ((peer.spent.total ?? 0) - (peer.spent.store ?? 0)) / peerLoad.lifecycles,
          'state load and save (DynamoDB)': (peer.spent.store ?? 0) / peerLoad.lifecycles,
        },
        heapPer10kBytes: per10k(peerHeap1 - peerHeap0),
        heapPer10kStateOnlyBytes: per10k(peerHeap2 - peerHeap0),
        storedBytesPerApplication: mean(peerStored),
        maxStateBytes: peer.maxStateBytes,
        sourceBytes: peer.sourceBytes,
      },
    };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// `node --expose-gc --import tsx scripts/bench/peer.ts [out.json]`: prints the figures, or writes them to a file.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await measurePeer({
    concurrency: Number(process.env.PEER_CONCURRENCY ?? 4),
    seconds: Number(process.env.PEER_SECONDS ?? 30),
    waiting: Number(process.env.PEER_WAITING ?? 100),
    log: (line) => process.stderr.write(`peer: ${line}\n`),
  });
  const out = process.argv[2];
  if (out) writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  else process.stderr.write(`${JSON.stringify(figures, null, 2)}\n`);
  // The embedded runtime may leave a timer behind; the figures are out.
  process.exit();
}
