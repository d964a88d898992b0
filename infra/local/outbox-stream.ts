// The embedded runtime's stand-in for EventBridge Pipes: reads the table's stream on DynamoDB Local
// (DescribeStream, GetShardIterator, GetRecords), turns each inserted audit event into the bus event the cloud's
// pipe and rule would deliver (the same enrichment code), and hands it to the consumer (the notification
// handler), in the stream's order. The position is checkpointed per shard after each fully delivered batch, so
// a restart neither loses an event nor starts over; a batch cut short by a crash or a failing consumer is read
// again from its start, which is harmless because consumers de-duplicate on the outbox id (at-least-once, like
// Pipes and Lambda event source mappings).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { busEventOf, type OutboxBusEvent } from '#shared/outbox/envelope';
import { outboxEntriesOf, type StreamRecord } from '#shared/outbox/stream-records';

export interface Checkpoint {
  streamArn?: string;
  /** Per shard: the last sequence number of a batch delivered in full. */
  shards: Record<string, string>;
  /** Shards read to their end (closed): skipped from then on. */
  finished: string[];
}

export interface CheckpointStore {
  load(): Checkpoint;
  save(checkpoint: Checkpoint): void;
}

/** Kept in the runtime's data folder, replaced atomically (a crash leaves the old or the new one). */
export function fileCheckpointStore(path: string): CheckpointStore {
  return {
    load() {
      if (!existsSync(path)) return { shards: {}, finished: [] };
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
      } catch {
        return { shards: {}, finished: [] };
      }
    },
    save(checkpoint) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(checkpoint));
      renameSync(temporary, path);
    },
  };
}

export function memoryCheckpointStore(): CheckpointStore & { current: Checkpoint } {
  const store = {
    current: { shards: {}, finished: [] } as Checkpoint,
    load: () => structuredClone(store.current),
    save: (checkpoint: Checkpoint) => void (store.current = structuredClone(checkpoint)),
  };
  return store;
}

export interface OutboxStreamOptions {
  dynamodb: DynamoDBClient;
  /** The DynamoDB Local endpoint: the streams API is served there too. */
  endpoint: string;
  tableName: string;
  checkpoints: CheckpointStore;
  /** The bus's consumer; a throw leaves the batch unacknowledged, to be read again on the next poll. */
  deliver: (event: OutboxBusEvent) => Promise<unknown>;
  /** Records per GetRecords. @default 100 */
  batchSize?: number;
  log?: (message: string) => void;
}

export interface PollResult {
  /** Bus events handed to the consumer (a re-read batch counts again). */
  delivered: number;
  /** The consumer failed: the rest waits for the next poll. */
  failed: boolean;
}

export class OutboxStream {
  readonly #streams: DynamoDBStreamsClient;
  readonly #options: OutboxStreamOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<PollResult> | undefined;
  #stopped = false;

  constructor(options: OutboxStreamOptions) {
    this.#options = options;
    this.#streams = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 3,
    });
  }

  /** Polls every `intervalMs` until stopped; one poll at a time. */
  start(intervalMs: number): void {
    const tick = async () => {
      if (this.#stopped) return;
      await this.poll().catch((error: unknown) =>
        this.#options.log?.(`outbox stream: ${error instanceof Error ? error.message : String(error)}`),
      );
      if (!this.#stopped) this.#timer = setTimeout(() => void tick(), intervalMs);
    };
    this.#timer = setTimeout(() => void tick(), 0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
    this.#streams.destroy();
  }

  /** Reads every shard up to its current end, delivering in order. One poll at a time per reader. */
  poll(): Promise<PollResult> {
    this.#running ??= this.#poll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Polls until a poll delivers nothing and fails nothing (the consumer has caught up with the stream). */
  async drain(maxPolls = 50): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxPolls; i++) {
      const { delivered, failed } = await this.poll();
      total += delivered;
      if (delivered === 0 && !failed) return total;
    }
    throw new Error('The outbox stream did not drain');
  }

  async #poll(): Promise<PollResult> {
    const { dynamodb, tableName, checkpoints } = this.#options;
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) return { delivered: 0, failed: false };
    let checkpoint = checkpoints.load();
    if (checkpoint.streamArn !== streamArn) checkpoint = { streamArn, shards: {}, finished: [] };

    const result: PollResult = { delivered: 0, failed: false };
    for (const shard of parentsFirst(await this.#shards(streamArn))) {
      const shardId = shard.ShardId!;
      if (checkpoint.finished.includes(shardId)) continue;
      const ok = await this.#readShard(streamArn, shardId, checkpoint, result);
      if (!ok) {
        result.failed = true;
        // Children of a shard cut short must wait: order per partition key holds across shards too.
        break;
      }
    }
    return result;
  }

  async #shards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.#streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /** @returns false when the consumer failed (the batch stays unacknowledged) */
  async #readShard(
    streamArn: string,
    shardId: string,
    checkpoint: Checkpoint,
    result: PollResult,
  ): Promise<boolean> {
    const after = checkpoint.shards[shardId];
    let iterator: string | undefined = (
      await this.#streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      )
    ).ShardIterator;
    while (iterator) {
      let page;
      try {
        page = await this.#streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.#options.batchSize ?? 100 }),
        );
      } catch (error) {
        if (error instanceof ExpiredIteratorException) return true; // read again from the checkpoint next poll
        throw error;
      }
      const records = (page.Records ?? []) as StreamRecord[];
      for (const entry of outboxEntriesOf(records)) {
        try {
          await this.#options.deliver(busEventOf(entry));
        } catch (error) {
          this.#options.log?.(
            `outbox stream: delivery of ${entry.detail.outboxId} failed (${error instanceof Error ? error.message : String(error)}); the batch will be read again`,
          );
          return false;
        }
        result.delivered += 1;
      }
      const last = page.Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (last) {
        checkpoint.shards[shardId] = last;
        this.#options.checkpoints.save(checkpoint);
      }
      iterator = page.NextShardIterator;
      if (!iterator) {
        checkpoint.finished.push(shardId);
        this.#options.checkpoints.save(checkpoint);
      } else if (records.length === 0) {
        return true; // the open shard's end: caught up
      }
    }
    return true;
  }
}

/** Parents before their children, so one partition key's events keep their order across a shard split. */
function parentsFirst(shards: Shard[]): Shard[] {
  const byId = new Map(shards.map((s) => [s.ShardId!, s]));
  const ordered: Shard[] = [];
  const seen = new Set<string>();
  const visit = (shard: Shard) => {
    if (seen.has(shard.ShardId!)) return;
    seen.add(shard.ShardId!);
    const parent = shard.ParentShardId ? byId.get(shard.ParentShardId) : undefined;
    if (parent) visit(parent);
    ordered.push(shard);
  };
  shards.forEach(visit);
  return ordered;
}
