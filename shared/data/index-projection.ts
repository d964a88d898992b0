// What each index copies of an item: only what its access patterns read, never a task token (it lets its
// holder end a human step) nor the execution ARN (it names the account). Every function that may read the table
// may query the indexes, so an index is the widest-read copy of the data. The lists are derived from the
// model's schemas, so a new field is projected unless it is named here as secret.
import { applicationSchema, stepSchema } from '#shared/model';
import { itemTypeAttribute } from './keys.ts';
import { indexes } from './table.ts';

/** Attributes no index carries: readers that need them read the item itself (a consistent GetItem). */
export const neverProjected: readonly string[] = ['taskToken', 'executionArn'];

const applicationFields = Object.keys(applicationSchema.shape);
const stepFields = Object.keys(stepSchema.shape);

const projectable = (fields: readonly string[]): string[] =>
  [...new Set([...fields, itemTypeAttribute])].filter((name) => !neverProjected.includes(name)).sort();

/**
 * Non-key attributes per index (ProjectionType INCLUDE). GSI1 holds applications (lists of an enterprise) and
 * escalated open steps (the 督办 board); GSI2 open steps (inboxes, the sweeper, the overdue report).
 */
export const indexNonKeyAttributes: Readonly<Record<string, readonly string[]>> = {
  [indexes.byEnterprise.indexName]: projectable([...applicationFields, ...stepFields]),
  [indexes.openStepsByDue.indexName]: projectable(stepFields),
};
