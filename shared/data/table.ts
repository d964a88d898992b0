// The single table's shape, defined once: the CDK table construct and the embedded runtime's
// create-table both read it, so keys and indexes cannot drift between cloud and local.

/** Key attribute names. Items carry generic keys; what they mean depends on the item type (see README). */
export const keys = {
  pk: 'pk',
  sk: 'sk',
  /**
   * GSI1 "applications of enterprise Y, newest first" (application items), overloaded with the escalation
   * board `BOARD#escalations` (open steps that were escalated, 督办). Sparse: no other item carries it.
   */
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  /** GSI2 "open steps of department X by due time" (sparse: only open steps carry it). */
  gsi2pk: 'gsi2pk',
  gsi2sk: 'gsi2sk',
  /**
   * GSI3 "open steps of department X held by officer U (or by nobody) by due time": the inbox views "mine"
   * and "unassigned" (sparse: only open steps carry it).
   */
  gsi3pk: 'gsi3pk',
  gsi3sk: 'gsi3sk',
  /**
   * GSI4 "applications by receipt, newest first, with their search facets in the sort key" (KEYS_ONLY): the
   * search of clerks, officers and administrators (search-keys.ts). Sparse: application items and their
   * per-department search entries only.
   */
  gsi4pk: 'gsi4pk',
  gsi4sk: 'gsi4sk',
} as const;

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  /**
   * KEYS_ONLY: the index holds the table's and its own keys and nothing else (it adds nothing to DynamoDB's
   * 100 projected attributes of a table). @default the table's `indexProjection` (INCLUDE)
   */
  projection?: 'KEYS_ONLY';
}

export const indexes = {
  byEnterprise: { indexName: 'gsi1-by-enterprise', partitionKey: keys.gsi1pk, sortKey: keys.gsi1sk },
  openStepsByDue: { indexName: 'gsi2-open-steps-by-due', partitionKey: keys.gsi2pk, sortKey: keys.gsi2sk },
  openStepsByHolder: {
    indexName: 'gsi3-open-steps-by-holder',
    partitionKey: keys.gsi3pk,
    sortKey: keys.gsi3sk,
  },
  search: {
    indexName: 'gsi4-search',
    partitionKey: keys.gsi4pk,
    sortKey: keys.gsi4sk,
    projection: 'KEYS_ONLY',
  },
} as const satisfies Record<string, IndexDefinition>;

export const tableDefinition = {
  partitionKey: keys.pk,
  sortKey: keys.sk,
  /** All key attributes are strings. */
  attributeType: 'S',
  globalSecondaryIndexes: Object.values(indexes),
  /**
   * The indexes project the attributes their lists render (index-projection.ts), never a task token: inboxes
   * and enterprise lists still render from the index alone.
   */
  indexProjection: 'INCLUDE',
  /**
   * The transactional outbox: every audit event is committed in the same transaction as its state change, and
   * the stream carries each new item (its new image) to the domain event bus (Pipes; locally the runtime) and to
   * the audit archive.
   */
  streamViewType: 'NEW_IMAGE',
} as const;
// No TTL: nothing in this table may expire. Idempotency records, which do, live in their own table
// (idempotency-table.ts), and no function may write an `expiresAt` attribute here (infra: a Deny statement).
