// The repository port: what the core may ask of the store of applications, steps, audit events and counters.
// Types only (no AWS imports), so core modules depend on it and never on the DynamoDB adapter (./repository.ts).
import type {
  Absence,
  Application,
  AuditEvent,
  Rating,
  RatingFollowUp,
  Step,
  SupervisionOrder,
} from '#shared/model';
import type { DailyDigestEvent } from '#shared/outbox/envelope';
import type { NoticeKind, PublicNotice } from '#shared/notices/model';

export interface PageOptions {
  /** 1 to 100. @default 25 */
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
  /**
   * Who the page is for (the principal's user ID): the cursor is sealed to this caller, so another caller's
   * replay of it is refused. Internal readers that never hand a cursor out leave it out.
   */
  caller?: string;
}

/** A filter applied while paging, for lists that show only some items of a partition. */
export interface PageFilter<T> {
  /** Whether the caller may be given the item. Called for a page's items at once. */
  keep: (item: T) => Promise<boolean> | boolean;
  /**
   * Items examined per call at most (each may cost the filter a read).
   * @default 100
   */
  maxExamined?: number;
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

/** The application, its steps and its timeline (oldest event first), as one read returns them. */
export interface ApplicationRecord extends ApplicationWithSteps {
  timeline: AuditEvent[];
}

/**
 * What acceptance changes on the application (受理: status, the clock's start, the configuration it is handled
 * under, the tolerated gaps, the application clock), carried by the closed intake step (`Change.acceptance`).
 */
export type AcceptanceFold = Pick<Application, 'applicationId' | 'status' | 'acceptedAt' | 'updatedAt'> &
  Partial<Pick<Application, 'configRevision' | 'toleratedGaps' | 'sla'>>;

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
   * 受理 in three writes (step, event, counter): the application's acceptance rides on the intake step this change
   * closes (the one intake step in `update`) instead of a rewrite of the application item, which must then not be
   * in the change. Every read of the application through the repository folds it in (`foldAcceptance`) until the
   * application's next write stores it; the step's version condition is the change's only one.
   */
  acceptance?: AcceptanceFold;
  /**
   * Items read that must still be at the version read, written or not (a ConditionCheck each): what a change's
   * rule depended on, e.g. the intake step still open when the enterprise signs its commitment.
   */
  unchanged?: readonly Step[];
  /**
   * The way out for an application item that no longer passes its schema (a poison input), which `update`
   * refuses to store: only `status` becomes 'failed' (with `updatedAt`, version + 1), conditioned on the version
   * read; the rest of the item stays as it is, damage included, for administrators to see. Not for valid
   * applications: they go through `update`.
   */
  failApplication?: { applicationId: string; version: number; at: string };
  /**
   * Deadline reminders (提醒) this change records: each a marker Put once (`attribute_not_exists`), so a
   * reminder and its audit event are recorded together exactly once (a second attempt: `ALREADY_EXISTS`).
   */
  reminders?: readonly { applicationId: string; marker: string; at: string }[];
  /**
   * 督办单: supervision orders this change writes, like `create` / `update` (a new one must not exist and is stored
   * with version 1; an updated one's `version` must still be the stored one and it is stored with version + 1).
   */
  supervisionOrders?: { create?: readonly SupervisionOrder[]; update?: readonly SupervisionOrder[] };
  /**
   * 公示: the public notices this change publishes (an issuance, a revocation), each Put once
   * (`attribute_not_exists`) in the same transaction: no permit without its notice, no notice without its permit.
   */
  notices?: readonly PublicNotice[];
  /** 好差评: the application's one rating, stored once (a second: `ALREADY_EXISTS`, nothing written). */
  rating?: Rating;
  /** 差评整改: follow-ups this change writes, like `supervisionOrders` (new ones once, updates versioned). */
  ratingFollowUps?: { create?: readonly RatingFollowUp[]; update?: readonly RatingFollowUp[] };
}

/** 公示: what a reader of the public notices may narrow the list to. */
export interface NoticeQuery {
  /** Only the notices of this issuing department (its own partition). */
  department?: string;
  kind?: NoticeKind;
  /** A substring of the certificate number, the project name or the enterprise (compared as `normalizeName`). */
  q?: string;
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
  /** The application, its steps and its timeline in one round trip (one Query of its partition). */
  getApplicationRecord(applicationId: string): Promise<ApplicationRecord>;
  findStep(applicationId: string, stepId: string): Promise<Step | undefined>;
  getStep(applicationId: string, stepId: string): Promise<Step>;
  getTimeline(applicationId: string): Promise<AuditEvent[]>;
  /** With `filter`, only the applications it keeps; the cursor continues after the last one returned. */
  listByEnterprise(
    enterpriseId: string,
    options?: PageOptions,
    filter?: PageFilter<Application>,
  ): Promise<Page<Application>>;
  /** Seals a position of the caller's own making (a listing across partitions) like a cursor. */
  sealPosition(position: Record<string, string>, binding: string, caller?: string): Promise<string>;
  /** @throws ValidationError `INVALID_CURSOR` for anything but an untouched position sealed for this binding */
  openPosition(cursor: string, binding: string, caller?: string): Promise<Record<string, string>>;
  listOpenSteps(department: string, options?: OpenStepsOptions): Promise<Page<Step>>;
  /** Open steps of the department held by `holder`, or unassigned (`undefined`), by due time. */
  listHeldSteps(department: string, holder: string | undefined, options?: PageOptions): Promise<Page<Step>>;
  listEscalatedSteps(options?: PageOptions): Promise<Page<Step>>;
  /** 督办 board: the open steps escalated in `[from, to)`, oldest first (one range Query on GSI1). */
  listEscalatedBetween(from: string, to: string): Promise<Step[]>;
  /** 每日红灯摘要: whether the digest of a day (`DIGEST#<date>`) is recorded (consistent GetItem). */
  hasDailyDigest(date: string): Promise<boolean>;
  /**
   * Records a day's digest once (Put if absent); its stream record is the outbox's `daily-digest` event.
   * @returns false when it was recorded already (a second run writes nothing)
   */
  recordDailyDigest(digest: DailyDigestEvent): Promise<boolean>;
  /** 容缺: applications with an open tolerated gap due on or before a date, earliest first (GSI2 `GAPS#open`). */
  listApplicationsWithOpenGaps(
    options: PageOptions & { dueOnOrBefore: string },
  ): Promise<Page<Pick<Application, 'applicationId'>>>;
  /** The markers of the deadline reminders recorded for an application. */
  listReminders(applicationId: string): Promise<string[]>;
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
  /**
   * The application's attached documents (services/documents) as `<documentId>@v<version>`, the newest confirmed
   * version of each: what a decision was made on, recorded with it. Optional: a store without documents has none.
   */
  listCurrentDocumentVersions?(applicationId: string): Promise<string[]>;
  /** 代理: stores a declared absence (never overwrites one). @throws Conflict `ALREADY_EXISTS` */
  putAbsence(absence: Absence): Promise<void>;
  /** 代理: every absence the officer declared, by start (consistent: a decision reads it). */
  listAbsences(userId: string): Promise<Absence[]>;
  /** 督办单: one supervision order (consistent). */
  findSupervisionOrder(applicationId: string, orderId: string): Promise<SupervisionOrder | undefined>;
  /** 督办单: every supervision order of the application, oldest first (consistent; a handful of items). */
  listSupervisionOrders(applicationId: string): Promise<SupervisionOrder[]>;
  /**
   * 督办单: the orders not answered yet (open or overdue), earliest limit first, as keys (GSI2
   * `SUPV#unanswered`, eventually consistent); with `dueBefore`, only those whose limit ends before it.
   */
  listUnansweredSupervisionOrders(
    options?: PageOptions & { dueBefore?: string; department?: string },
  ): Promise<Page<Pick<SupervisionOrder, 'applicationId' | 'orderId'>>>;
  /** 公示: the public notices, newest first (eventually consistent); at most `maxExamined` read per call. */
  listNotices(query: NoticeQuery, options?: PageOptions): Promise<Page<PublicNotice>>;
  /** 好差评: the application's rating, if it was rated (consistent GetItem). */
  findRating(applicationId: string): Promise<Rating | undefined>;
  /** 差评整改: one follow-up (consistent GetItem). */
  findRatingFollowUp(applicationId: string): Promise<RatingFollowUp | undefined>;
  /** 差评整改: the follow-ups not handled yet, earliest due first, as keys (GSI2 `FUP#open`, eventually consistent). */
  listOpenRatingFollowUps(options?: PageOptions): Promise<Page<Pick<RatingFollowUp, 'applicationId'>>>;
}
