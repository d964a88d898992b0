// From the table's stream to the outbox's bus entries: the one place that reads DynamoDB stream records (typed
// attribute values), used by the outbox pipe's enrichment Lambda and by the embedded runtime's stream reader.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { outboxEntryOf, type OutboxEntry } from './envelope.ts';

/** A DynamoDB stream record, as Pipes and GetRecords hand it over. */
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
