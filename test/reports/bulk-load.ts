// Loads a table with many applications fast, for the report benchmark: the recorded histories of
// `recordedStory`, written with BatchWriteItem instead of one transaction each. Per application the application
// item (its final state); open steps for those still in progress; and the counters of all of them, added up in
// memory exactly as DynamoDB's ADD would. Audit events are not written: no report over many applications reads
// them (the timeline reads one application's), and 50,000 histories hold about 600,000 of them.
//
// The first `liveApplications` histories are the same whatever `count` is (same seed, same ids), and only they
// may be in progress; the others are all finished. So two tables of 1,000 and 50,000 applications carry the same
// open work and differ in history alone, which is how a platform grows: months of applications pile up while
// the work in hand stays what the departments can handle.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '#shared/calendar/index';
import {
  applicationKey,
  counterKey,
  enterpriseIndexKey,
  itemTypeAttribute,
  openStepIndexKey,
  stepKey,
} from '#shared/data/keys';
import type { Application, Step } from '#shared/model';
import { forEachLimited } from '#services/reports/core/overdue-report';
import { recordedStory, seededRandom } from './generate.ts';

export interface BulkLoadOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  calendar: WorkingCalendar;
  count: number;
  seed: number;
  from: Date;
  until: Date;
  /** @default 1000 */
  liveApplications?: number;
}

export interface BulkLoaded {
  applications: number;
  openSteps: number;
  counterItems: number;
  /** Steps closed, as the counters hold them. */
  stepsClosed: number;
}

export async function bulkLoad(options: BulkLoadOptions): Promise<BulkLoaded> {
  const live = options.liveApplications ?? 1000;
  const items: Record<string, unknown>[] = [];
  const counters = new Map<string, { dimension: string; month: string; add: Record<string, number> }>();
  let openSteps = 0;
  let stepsClosed = 0;

  for (let i = 0; i < options.count; i++) {
    const applicationId = `bulk-${options.seed}-${i}`;
    let story = recordedStory(options, applicationId, seededRandom(options.seed * 100_003 + i));
    for (let reroll = 1; i >= live && story.outcome === 'in progress'; reroll++) {
      story = recordedStory(options, applicationId, seededRandom(options.seed * 100_003 + i + reroll * 7919));
    }
    for (const state of story.change.create ?? []) {
      if ('stepId' in state) {
        const step = state as Step;
        items.push({
          ...step,
          ...stepKey(applicationId, step.stepId),
          ...openStepIndexKey(step),
          [itemTypeAttribute]: 'step',
        });
        openSteps += 1;
      } else {
        const application = state as Application;
        items.push({
          ...application,
          ...applicationKey(applicationId),
          ...enterpriseIndexKey(application),
          [itemTypeAttribute]: 'application',
        });
      }
    }
    for (const increment of story.change.counters ?? []) {
      const key = `${increment.dimension}|${increment.month}`;
      const total = counters.get(key) ?? { dimension: increment.dimension, month: increment.month, add: {} };
      for (const [name, amount] of Object.entries(increment.add)) {
        total.add[name] = (total.add[name] ?? 0) + amount;
        if (name === 'closed') stepsClosed += amount;
      }
      counters.set(key, total);
    }
  }
  for (const { dimension, month, add } of counters.values()) {
    items.push({ ...counterKey(dimension, month), [itemTypeAttribute]: 'counter', dimension, month, ...add });
  }

  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await forEachLimited(batches, 8, (batch) => writeBatch(options.client, options.tableName, batch));
  return { applications: options.count, openSteps, counterItems: counters.size, stepsClosed };
}

async function writeBatch(
  client: DynamoDBDocumentClient,
  tableName: string,
  batch: Record<string, unknown>[],
): Promise<void> {
  let requests = batch.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    const { UnprocessedItems } = await client.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
    );
    requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
  }
}
