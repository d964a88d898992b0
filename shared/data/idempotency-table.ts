// The idempotency records' own table: the only table of the platform with a TTL, so no bug or compromised
// dependency can make DynamoDB delete an application, a step or an audit event by giving it an expiry
// attribute (the application table has none), and the functions that keep records get PutItem and DeleteItem
// on this table only. Keys are named like the application table's so the record layout stays as it was.

export const idempotencyTableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  attributeType: 'S',
  /** Records expire by this attribute (epoch seconds). */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** The environment variable that names the table in each idempotent route's function. */
export const idempotencyTableEnvironment = 'IDEMPOTENCY_TABLE_NAME';

/** The name used where no environment names it (tests, the embedded runtime): beside the application table. */
export function idempotencyTableNameFor(applicationTableName: string): string {
  return `${applicationTableName}-idempotency`;
}
