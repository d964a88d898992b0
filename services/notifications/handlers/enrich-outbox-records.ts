// The outbox pipe's enrichment (EventBridge Pipes: DynamoDB stream → this → the domain event bus): turns the
// stream's typed attribute values into the plain domain event, with its stable outbox id. Pipes can filter and
// keep the stream's order, but cannot unmarshal DynamoDB JSON; this small, pure step does, inside the pipe, so
// the pipe's own retries and dead-letter queue cover it.
import type { OutboxEntry } from '#shared/outbox/envelope';
import { outboxEntriesOf, type StreamRecord } from '#shared/outbox/stream-records';

/** Pipes hands the enrichment the batch as an array and sends each element it returns to the target. */
export const handler = async (records: StreamRecord[]): Promise<OutboxEntry['detail'][]> =>
  outboxEntriesOf(records).map((entry) => entry.detail);
