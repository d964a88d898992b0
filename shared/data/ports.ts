// The repository port: what the core may ask of the store of applications, steps, audit events and counters.
// Types only (no AWS imports), so core modules depend on it and never on the DynamoDB adapter (./repository.ts).
import type { Application, AuditEvent, Step } from '#shared/model';

export interface PageOptions {
  /** 1 to 100. @default 25 */
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}

export interface OpenStepsOptions extends PageOptions {
  /** Only steps due strictly before this instant (the sweeper's "overdue" query). */
  dueBefore?: string;
  /** With `dueBefore`: only steps due at or after this instant (a report's months). */
  dueFrom?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when there may be more; pass it back to continue. */
  cursor?: string;
}

export interface ApplicationWithSteps {
  application: Application;
  steps: Step[];
}

/** An application or one of its steps: the versioned items a change creates or updates. */
export type StateItem = Application | Step;

/** Pre-aggregated audit figures: numbers ADDed to the item `COUNTER#<month>` / `<dimension>`. */
export interface CounterIncrement {
  /** What the figures are about, e.g. `steps:natural-resources:construction:regular`, `applications:regular`. */
  dimension: string;
  /** `YYYY-MM`. */
  month: string;
  /** Counter name → amount, e.g. `{ closed: 1, onTime: 1, workingDays: 6, 'days-6': 1 }`. */
  add: Record<string, number>;
}

/** The figures of one dimension in one month, as `listCounters` returns them. */
export interface CounterRow {
  dimension: string;
  /** `YYYY-MM`. */
  month: string;
  /** Counter name → total, e.g. `{ closed: 12, onTime: 11, workingDays: 70, 'days-6': 4, ... }`. */
  counters: Record<string, number>;
}

export interface Change<
  C extends readonly StateItem[] = StateItem[],
  U extends readonly StateItem[] = StateItem[],
> {
  /** Items that must not exist yet. Stored with version 1. */
  create?: C;
  /**
   * Whole new states of items read earlier: each item's `version` must still be the stored one
   * (optimistic concurrency); stored with version + 1.
   */
  update?: U;
  /** The audit events of this change; at least one, appended in the same transaction. */
  events: readonly AuditEvent[];
  counters?: readonly CounterIncrement[];
  /**
   * The way out for an application item that no longer passes its schema (a poison input), which `update`
   * refuses to store: only `status` becomes 'failed' (with `updatedAt`, version + 1), conditioned on the version
   * read; the rest of the item stays as it is, damage included, for administrators to see. Not for valid
   * applications: they go through `update`.
   */
  failApplication?: { applicationId: string; version: number; at: string };
}

/** The items as stored, in the order given, with their new versions. */
export interface Committed<C extends readonly StateItem[], U extends readonly StateItem[]> {
  created: C;
  updated: U;
}

/** Reads, the one state-changing write (`commit`) and the task-token swap. */
export interface ApplicationRepository {
  findApplication(
    applicationId: string,
    options?: { consistent?: boolean },
  ): Promise<Application | undefined>;
  getApplication(applicationId: string): Promise<Application>;
  getApplicationWithSteps(applicationId: string): Promise<ApplicationWithSteps>;
  findStep(applicationId: string, stepId: string): Promise<Step | undefined>;
  getStep(applicationId: string, stepId: string): Promise<Step>;
  getTimeline(applicationId: string): Promise<AuditEvent[]>;
  listByEnterprise(enterpriseId: string, options?: PageOptions): Promise<Page<Application>>;
  listOpenSteps(department: string, options?: OpenStepsOptions): Promise<Page<Step>>;
  listEscalatedSteps(options?: PageOptions): Promise<Page<Step>>;
  getCounters(dimension: string, month: string): Promise<Record<string, number>>;
  listCounters(month: string, options?: { prefix?: string }): Promise<CounterRow[]>;
  /**
   * Writes a state change atomically (see the adapter). Nothing is written when any condition fails.
   * @throws Conflict `STALE_VERSION`, `ALREADY_EXISTS`
   */
  commit<const C extends readonly StateItem[] = [], const U extends readonly StateItem[] = []>(
    change: Change<C, U>,
  ): Promise<Committed<C, U>>;
  /**
   * Stores a fresh task token on a step (a retried or replayed task brings a new one). Plumbing, not a state
   * change: no audit event. Conditioned on the step's version (and bumps it), so a decision that read the old
   * token fails its own commit and reloads.
   * @throws Conflict `STALE_VERSION` when the step changed since it was read
   */
  replaceTaskToken(step: Step, taskToken: string): Promise<Step>;
}
