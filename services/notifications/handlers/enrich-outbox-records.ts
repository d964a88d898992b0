// The outbox pipe's enrichment (EventBridge Pipes: DynamoDB stream → this → the domain event bus): turns the
// stream's typed attribute values into the plain domain event, with its stable outbox id. Pipes can filter and
// keep the stream's order, but cannot unmarshal DynamoDB JSON; this small, pure step does, inside the pipe, so
// the pipe's own retries and dead-letter queue cover it.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { outboxEntryOf, type OutboxEntry } from '#shared/outbox/envelope';

export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; SequenceNumber?: string };
}

/** One bus entry per inserted audit event, in the stream's order; anything else is left out. */
export function outboxEntriesOf(records: readonly StreamRecord[]): OutboxEntry[] {
  return records.flatMap((record) => {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return [];
    const entry = outboxEntryOf(unmarshall(record.dynamodb.NewImage), record.dynamodb.SequenceNumber);
    return entry ? [entry] : [];
  });
}

/** Pipes hands the enrichment the batch as an array and sends each element it returns to the target. */
export const handler = async (records: StreamRecord[]): Promise<OutboxEntry['detail'][]> =>
  outboxEntriesOf(records).map((entry) => entry.detail);
