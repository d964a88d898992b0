// What each index copies of an item: only what its access patterns read, never a task token (it lets its
// holder end a human step) nor the execution ARN (it names the account). Every function that may read the table
// may query the indexes, so an index is the widest-read copy of the data. The lists are derived from the
// model's schemas, so a new field is projected unless it is named here as secret.
import { applicationSchema, stepSchema } from '#shared/model';
import { projectSchema, ticketSchema } from '#shared/projects/model';
import { indexes, tableDefinition, type IndexDefinition } from './table.ts';

/** Attributes no index carries: readers that need them read the item itself (a consistent GetItem). */
export const neverProjected: readonly string[] = ['taskToken', 'executionArn'];

/**
 * Optional application attributes that only the application's own page reads (from the item): the version of the
 * configuration it is handled under and the verification's indicator results. Lists of an enterprise go without.
 */
export const detailOnlyApplicationFields: readonly string[] = [
  'configRevision',
  'verificationResults',
  // 经办部门: read by the search (through its own index's keys) and the application's page, never by a list.
  'departments',
];

const applicationFields = Object.keys(applicationSchema.shape).filter(
  (name) => !detailOnlyApplicationFields.includes(name),
);
const stepFields = Object.keys(stepSchema.shape);
const projectFields = Object.keys(projectSchema.shape);
const ticketFields = Object.keys(ticketSchema.shape);

/**
 * `itemType` stays out: each index partition holds one kind of item, and DynamoDB allows 100 projected
 * attributes over all the indexes of a table (each index counting its own), which three indexes come close to.
 */
const projectable = (fields: readonly string[]): string[] =>
  [...new Set(fields)].filter((name) => !neverProjected.includes(name)).sort();

/** DynamoDB's limit on the non-key attributes projected into all the secondary indexes of a table together. */
export const maxProjectedAttributes = 100;

/**
 * Non-key attributes per index (ProjectionType INCLUDE). GSI1 holds applications and projects (lists of an
 * enterprise) and escalated open steps (the 督办 board); GSI2 open steps (inboxes, the sweeper, the overdue
 * report) and the tickets a department owes work on; GSI3 open steps by holder (the inbox's mine / unassigned).
 */
export const indexNonKeyAttributes: Readonly<Record<string, readonly string[]>> = {
  [indexes.byEnterprise.indexName]: projectable([...applicationFields, ...stepFields, ...projectFields]),
  [indexes.openStepsByDue.indexName]: projectable([...stepFields, ...ticketFields]),
  [indexes.openStepsByHolder.indexName]: projectable(stepFields),
};

/** How an index is projected: KEYS_ONLY (nothing listed) or INCLUDE with its list above. */
export function projectionOf(index: IndexDefinition): {
  type: 'KEYS_ONLY' | 'INCLUDE';
  nonKeyAttributes: string[];
} {
  if (index.projection === 'KEYS_ONLY') return { type: 'KEYS_ONLY', nonKeyAttributes: [] };
  return {
    type: tableDefinition.indexProjection,
    nonKeyAttributes: [...(indexNonKeyAttributes[index.indexName] ?? [])],
  };
}
