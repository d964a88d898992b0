// The revision-conditioned writes of the configuration stores (calendar, service configuration, parcels register):
// one TransactWriteItems whose conditions guard the revision or version the administrator read; a failed condition,
// or another transaction holding an item, is the administrator's stale read, answered with the store's Conflict.
// Beside `transactWrite` (repository.ts), which does the same for the aggregates with retries and per-action kinds.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Conflict } from '#shared/errors';

/** @throws the Conflict `stale()` makes when a condition failed or another transaction held an item */
export async function writeConditioned(
  client: DynamoDBDocumentClient,
  actions: NonNullable<TransactWriteCommandInput['TransactItems']>,
  stale: () => Conflict,
): Promise<void> {
  try {
    await client.send(new TransactWriteCommand({ TransactItems: actions }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      if (codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict')) throw stale();
    }
    throw error;
  }
}
