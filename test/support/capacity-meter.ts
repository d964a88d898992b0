// Counts what DynamoDB requests cost: every request asks for ReturnConsumedCapacity TOTAL, and the units and the
// items written are recorded on the handler invocation that sent the request (an AsyncLocalStorage context opened
// around each handler through the embedded platform's `instrument` hook), or on `outside` when no handler sent it
// (a handler called directly, a bench's own reads). The one meter of the benches and tests: the cost benchmark
// (scripts/bench/cost.ts), the scaling benchmark and the reports bench (reads: `reads()`), and the test that holds
// each decision to its writes (test/integration/writes-per-decision.test.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PlatformInstrumentation } from '#infra/local/platform';
import { idempotencyPartitionPrefix } from '#shared/data/idempotency-store';
import { keys } from '#shared/data/table';

/** One handler invocation, as Lambda would bill it, with the DynamoDB requests it sent. */
export interface Invocation {
  entry: string;
  ms: number;
  /** Write units as DynamoDB Local reports them: index writes and the transactional doubling included. */
  wcu: number;
  rcu: number;
  /** The part of `wcu` spent on idempotency records (their own table). */
  idempotencyWcu: number;
  /**
   * Items written, per request: each action of a TransactWriteItems (condition checks excluded), each
   * PutItem / UpdateItem / DeleteItem, each request of a BatchWriteItem; `idempotency` of them were records of
   * the Idempotency-Key.
   */
  writes: { operation: string; items: number; idempotency: number }[];
}

const writeOperations = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];
const readOperations = ['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems'];
const withoutCapacity = ['DescribeTable', 'CreateTable', 'UpdateTable', 'ListTables', 'UpdateTimeToLive'];

const nothingYet = (): Invocation => ({
  entry: '(outside handlers)',
  ms: 0,
  wcu: 0,
  rcu: 0,
  idempotencyWcu: 0,
  writes: [],
});

export class CapacityMeter {
  readonly invocations: Invocation[] = [];
  /** What was sent outside any handler (the runtime's own seeding, a test's reads, a handler called directly). */
  readonly outside: Invocation = nothingYet();
  /** Requests by operation. */
  readonly requests = new Map<string, number>();
  readonly #current = new AsyncLocalStorage<Invocation>();

  /** The platform's hook: pass as `instrument` to startPlatform. */
  readonly instrumentation: PlatformInstrumentation = {
    documentClient: (client) => this.attach(client),
    invoke: async (entry, run) => {
      const invocation: Invocation = { entry, ms: 0, wcu: 0, rcu: 0, idempotencyWcu: 0, writes: [] };
      const started = performance.now();
      try {
        return await this.#current.run(invocation, run);
      } finally {
        invocation.ms = performance.now() - started;
        this.invocations.push(invocation);
      }
    },
  };

  /** Installs a new meter on a client (see `attach`). */
  static on(client: DynamoDBDocumentClient): CapacityMeter {
    const meter = new CapacityMeter();
    meter.attach(client);
    return meter;
  }

  /**
   * The reads since the last reset, wherever they were sent: read requests (GetItem, Query, Scan and the batch
   * and transactional gets) and the read units DynamoDB reported for them (0.5 per 4 KB eventually consistent, 1
   * consistent).
   */
  reads(): { requests: number; capacityUnits: number } {
    let requests = 0;
    for (const operation of readOperations) requests += this.requests.get(operation) ?? 0;
    const capacityUnits = this.invocations.reduce((sum, c) => sum + c.rcu, this.outside.rcu);
    return { requests, capacityUnits };
  }

  /** Forgets everything counted so far (the meter stays installed). */
  reset(): void {
    this.invocations.length = 0;
    this.requests.clear();
    Object.assign(this.outside, nothingYet());
  }

  /** Invocations of a handler entry (e.g. 'services/intake/handlers/decide-intake.ts') so far. */
  of(entry: string): Invocation[] {
    return this.invocations.filter((invocation) => invocation.entry === entry);
  }

  /**
   * Asks every request for its consumed capacity and records it. DynamoDB Local answers one `CapacityUnits` per
   * table, by item size (1 KB per write unit, 4 KB per read unit, halved for eventually consistent reads), and,
   * checked, counts the index writes and doubles transactional items as the service bills them (a 50-byte Put: 1;
   * with one index key: 2; in a TransactWriteItems: 2).
   */
  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        const operation = context.commandName?.replace(/Command$/, '') ?? '?';
        if (!withoutCapacity.includes(operation)) input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const invocation = this.#current.getStore() ?? this.outside;
        this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
        const consumed = [
          (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity ??
            [],
        ].flat();
        const written = writtenItems(operation, input);
        const isWrite = writeOperations.includes(operation);
        for (const c of consumed) {
          const units = c.CapacityUnits ?? (c.WriteCapacityUnits ?? 0) + (c.ReadCapacityUnits ?? 0);
          if (!isWrite) invocation.rcu += units;
          else {
            invocation.wcu += units;
            if (c.TableName?.endsWith('-idempotency')) invocation.idempotencyWcu += units;
          }
        }
        if (written)
          invocation.writes.push({ operation, items: written.items, idempotency: written.idempotency });
        return result;
      },
      { step: 'initialize', name: 'capacityMeter', override: true },
    );
  }
}

/** Items written by one request in total and on idempotency records. */
export const itemsWritten = (invocation: Invocation): { items: number; idempotency: number } => ({
  items: invocation.writes.reduce((sum, w) => sum + w.items, 0),
  idempotency: invocation.writes.reduce((sum, w) => sum + w.idempotency, 0),
});

function writtenItems(
  operation: string,
  input: Record<string, unknown>,
): { items: number; idempotency: number } | undefined {
  const isIdempotencyRecord = (key: unknown) =>
    String((key as Record<string, unknown> | undefined)?.[keys.pk] ?? '').startsWith(
      idempotencyPartitionPrefix,
    );
  switch (operation) {
    case 'TransactWriteItems': {
      const actions = ((input.TransactItems as Record<string, { Item?: unknown; Key?: unknown }>[]) ?? [])
        .filter((action) => !action.ConditionCheck)
        .map((action) => Object.values(action)[0]!);
      return {
        items: actions.length,
        idempotency: actions.filter((a) => isIdempotencyRecord(a.Item ?? a.Key)).length,
      };
    }
    case 'PutItem':
      return { items: 1, idempotency: isIdempotencyRecord(input.Item) ? 1 : 0 };
    case 'UpdateItem':
    case 'DeleteItem':
      return { items: 1, idempotency: isIdempotencyRecord(input.Key) ? 1 : 0 };
    case 'BatchWriteItem': {
      const requests = Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}).flat();
      return { items: requests.length, idempotency: 0 };
    }
    default:
      return undefined;
  }
}
