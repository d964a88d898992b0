// Loads a table with many applications fast, for the benchmarks at scale (reports, scripts/bench/scaling.ts): the
// recorded histories of `recordedStory`, written with BatchWriteItem instead of one transaction each, as the
// items the repository's own builders make (`storedCreationItems`: the application item with its index keys and
// search entries, open steps for those still in progress), and the counters of all of them, added up in memory
// exactly as DynamoDB's ADD would. Audit events only for the first `withEvents` applications: no report over many
// applications reads them (the timeline reads one application's), and 50,000 histories hold about 600,000.
//
// The first `liveApplications` histories are the same whatever `count` is (same seed, same ids), and only they
// may be in progress; the others are all finished. So two tables of 1,000 and 50,000 applications carry the same
// open work and differ in history alone, which is how a platform grows: months of applications pile up while
// the work in hand stays what the departments can handle.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '#shared/calendar/index';
import { counterItem, storedCreationItems } from '#shared/data/repository';
import { batchWriteItems } from '#test/support/batch-write';
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
  /**
   * The first `withEvents` applications get their audit events too (an application read shows its timeline).
   * @default 0
   */
  withEvents?: number;
  /** BatchWriteItem requests in flight. @default 8 */
  concurrency?: number;
  /** Called after each slice is written, with the applications written so far. */
  onProgress?: (applications: number) => void;
}

export interface BulkLoaded {
  applications: number;
  /** Every item written: applications, their search entries, open steps, events, counters. */
  items: number;
  openSteps: number;
  counterItems: number;
  /** Steps closed, as the counters hold them. */
  stepsClosed: number;
}

/** Applications generated before their items are written, so that memory holds a slice, not the whole table. */
const slice = 5_000;

export async function bulkLoad(options: BulkLoadOptions): Promise<BulkLoaded> {
  const live = options.liveApplications ?? 1000;
  const withEvents = options.withEvents ?? 0;
  const counters = new Map<string, { dimension: string; month: string; add: Record<string, number> }>();
  const write = (items: Record<string, unknown>[]) =>
    batchWriteItems(options.client, options.tableName, items, { concurrency: options.concurrency ?? 8 });
  let written = 0;
  let openSteps = 0;
  let stepsClosed = 0;

  for (let first = 0; first < options.count; first += slice) {
    const items: Record<string, unknown>[] = [];
    for (let i = first; i < Math.min(first + slice, options.count); i++) {
      const applicationId = `bulk-${options.seed}-${i}`;
      let story = recordedStory(options, applicationId, seededRandom(options.seed * 100_003 + i));
      for (let reroll = 1; i >= live && story.outcome === 'in progress'; reroll++) {
        story = recordedStory(
          options,
          applicationId,
          seededRandom(options.seed * 100_003 + i + reroll * 7919),
        );
      }
      const { create, events, counters: increments } = story.change;
      items.push(...storedCreationItems({ create, events: i < withEvents ? events : [] }));
      openSteps += (create ?? []).filter((state) => 'stepId' in state).length;
      for (const increment of increments ?? []) {
        const key = `${increment.dimension}|${increment.month}`;
        const total = counters.get(key) ?? {
          dimension: increment.dimension,
          month: increment.month,
          add: {},
        };
        for (const [name, amount] of Object.entries(increment.add)) {
          total.add[name] = (total.add[name] ?? 0) + amount;
          if (name === 'closed') stepsClosed += amount;
        }
        counters.set(key, total);
      }
    }
    await write(items);
    written += items.length;
    options.onProgress?.(Math.min(first + slice, options.count));
  }
  // Added up in memory exactly as DynamoDB's ADD would, each total written once.
  const counterItems = [...counters.values()].map(counterItem);
  await write(counterItems);
  written += counterItems.length;
  return {
    applications: options.count,
    items: written,
    openSteps,
    counterItems: counters.size,
    stepsClosed,
  };
}
