// How domain items map onto the single table's generic keys. Pure string building, no AWS imports: the
// repository and the access-pattern README are the only readers.
import type { Absence, Application, AuditEvent, RatingFollowUp, Step, SupervisionOrder } from '#shared/model';
import { keys } from './table.ts';

export type ItemType =
  | 'application'
  | 'step'
  | 'event'
  | 'counter'
  | 'project'
  | 'project-department'
  | 'ticket'
  | 'absence'
  | 'reminder'
  | 'search-entry'
  | 'digest'
  | 'supervision'
  | 'notice'
  | 'rating'
  | 'rating-follow-up';

/** Every item names what it is, so exports and the console stay readable. */
export const itemTypeAttribute = 'itemType';

/**
 * 受理 in three writes: the closed intake step item carries the application's acceptance until the application
 * item's next write stores it (acceptance-fold.ts). Not a step field: never projected, never handed back.
 */
export const acceptanceAttribute = 'acceptance';

/** Attributes the repository owns; they are stripped before an item is handed back as a domain object. */
export const storageAttributes: readonly string[] = [
  ...Object.values(keys),
  itemTypeAttribute,
  acceptanceAttribute,
];

export interface PrimaryKey {
  pk: string;
  sk: string;
}

export const applicationPartition = (applicationId: string): string => `APP#${applicationId}`;
export const applicationSortKey = 'A';
export const stepSortKeyPrefix = 'STEP#';
export const eventSortKeyPrefix = 'EVT#';
/** A document version (services/documents): `DOC#<documentId>#V<nnn>` beside its application. */
export const documentSortKeyPrefix = 'DOC#';
export const enterprisePartition = (enterpriseId: string): string => `ENT#${enterpriseId}`;
export const openStepsPartition = (department: string): string => `OPEN#${department}`;
/** No user id starts with '-' (see userIdSchema): the holder partition of a department's unassigned steps. */
export const unassignedHolder = '-';
/** GSI3: a department's open steps held by one officer, or by nobody (`unassignedHolder`). */
export const heldStepsPartition = (department: string, holder: string): string =>
  `HOLD#${department}#${holder}`;
/** 督办: the administrators' board of escalated steps still open (GSI1, overloaded; see escalationBoardIndexKey). */
export const escalationBoardPartition = 'BOARD#escalations';

/**
 * Open steps without a known due instant (e.g. paused while the enterprise supplements) still belong in the
 * inbox; this sorts them after every real deadline and keeps them out of "due before" queries.
 */
export const noDueAt = '9999-12-31T23:59:59.999Z';

export const applicationKey = (applicationId: string): PrimaryKey => ({
  pk: applicationPartition(applicationId),
  sk: applicationSortKey,
});

export const stepKey = (applicationId: string, stepId: string): PrimaryKey => ({
  pk: applicationPartition(applicationId),
  sk: `${stepSortKeyPrefix}${stepId}`,
});

/** ISO instants sort lexicographically, so a Query on the partition returns the timeline in order. */
export const eventKey = (event: Pick<AuditEvent, 'applicationId' | 'at' | 'eventId'>): PrimaryKey => ({
  pk: applicationPartition(event.applicationId),
  sk: `${eventSortKeyPrefix}${event.at}#${event.eventId}`,
});

/**
 * One partition per month holds every dimension counted that month, so a report over a month is one Query
 * whatever the number of applications (and `begins_with(sk, 'steps:<department>:')` narrows it by key).
 */
export const counterPartition = (month: string): string => `COUNTER#${month}`;

export const counterKey = (dimension: string, month: string): PrimaryKey => ({
  pk: counterPartition(month),
  sk: dimension,
});

/** GSI1 "applications of enterprise Y": every application item. */
export function enterpriseIndexKey(application: Application): { gsi1pk: string; gsi1sk: string } {
  return {
    gsi1pk: enterprisePartition(application.enterpriseId),
    gsi1sk: `${application.createdAt}#${application.applicationId}`,
  };
}

/**
 * GSI1 overloaded for the escalation board (督办): an open step that was escalated carries it, oldest escalation
 * first. Sparse like GSI2: the whole-item Put that closes or cancels the step drops it in the same write, and a
 * review's next round inherits `escalatedAt`, so the department's review stays on the board until it is closed.
 */
export function escalationBoardIndexKey(step: Step): { gsi1pk: string; gsi1sk: string } | undefined {
  if (step.status !== 'open' || step.escalatedAt === undefined) return undefined;
  return {
    gsi1pk: escalationBoardPartition,
    gsi1sk: `${step.escalatedAt}#${step.applicationId}#${step.stepId}`,
  };
}

/** GSI2 "open steps of department X by due time": sparse, only open steps carry it. */
export function openStepIndexKey(step: Step): { gsi2pk: string; gsi2sk: string } | undefined {
  if (step.status !== 'open') return undefined;
  return {
    gsi2pk: openStepsPartition(step.department),
    gsi2sk: `${step.dueAt ?? noDueAt}#${step.applicationId}#${step.stepId}`,
  };
}

/**
 * GSI3 "open steps of department X held by U, by due time": the inbox's "mine" and "unassigned" views, each one
 * Query on its own partition (no filter reads what it then drops). Sparse like GSI2, and rewritten by the same
 * whole-item Put, so a claim moves the step from `HOLD#X#-` to `HOLD#X#U` in the write that records it.
 */
export function heldStepIndexKey(step: Step): { gsi3pk: string; gsi3sk: string } | undefined {
  if (step.status !== 'open') return undefined;
  return {
    gsi3pk: heldStepsPartition(step.department, step.assignee ?? unassignedHolder),
    gsi3sk: `${step.dueAt ?? noDueAt}#${step.applicationId}#${step.stepId}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Deadline reminders (提醒, services/sla/core/reminders.ts)

/** A recorded reminder: `APP#<applicationId>` / `REMIND#<marker>`, Put once with the reminder's audit event. */
export const reminderSortKeyPrefix = 'REMIND#';
export const reminderKey = (applicationId: string, marker: string): PrimaryKey => ({
  pk: applicationPartition(applicationId),
  sk: `${reminderSortKeyPrefix}${marker}`,
});

/** GSI2 overloaded: applications that owe tolerated documents (容缺), by the earliest open gap's due day. */
export const openGapsPartition = 'GAPS#open';

/** Statuses after which no gap is chased any more (issuance needs every gap closed first). */
const gapsSettled: readonly Application['status'][] = [
  'issued',
  'refused',
  'failed',
  'under-verification',
  'verified',
  'revoked',
];

/**
 * GSI2 "applications with open tolerated gaps, earliest due first": the sweeper's way to the gap reminders
 * without a Scan. Sparse: the whole-item Put that closes the last gap (or ends the application) drops it.
 */
export function openGapsIndexKey(application: Application): { gsi2pk: string; gsi2sk: string } | undefined {
  if (gapsSettled.includes(application.status)) return undefined;
  const earliest = (application.toleratedGaps ?? [])
    .filter((gap) => gap.closedAt === undefined)
    .map((gap) => gap.dueOn)
    .sort()[0];
  if (earliest === undefined) return undefined;
  return { gsi2pk: openGapsPartition, gsi2sk: `${earliest}#${application.applicationId}` };
}

/** 代理: an officer's declared absences, one small partition per officer, in order of their start. */
export const officerPartition = (userId: string): string => `OFFICER#${userId}`;
export const absenceSortKeyPrefix = 'ABSENCE#';
export const absenceKey = (absence: Pick<Absence, 'userId' | 'from' | 'absenceId'>): PrimaryKey => ({
  pk: officerPartition(absence.userId),
  sk: `${absenceSortKeyPrefix}${absence.from}#${absence.absenceId}`,
});

/** 督办单: an administrator's supervision order, an item under its application's partition. */
export const supervisionSortKeyPrefix = 'SUPV#';
export const supervisionKey = (applicationId: string, orderId: string): PrimaryKey => ({
  pk: applicationPartition(applicationId),
  sk: `${supervisionSortKeyPrefix}${orderId}`,
});
/** GSI2 overloaded: the supervision orders not answered yet (open or overdue), earliest limit first. */
export const unansweredSupervisionPartition = 'SUPV#unanswered';

/**
 * GSI2 "supervision orders not answered, by due time": the board, the department's list and the sweeper read it.
 * Only the keys matter (the index projects step attributes, of which an order shares `applicationId`,
 * `department`, `status`, `dueAt`); the readers get the order itself from the table. Sparse: the whole-item Put
 * that records the answer drops it.
 */
export function supervisionIndexKey(
  order: Pick<SupervisionOrder, 'status' | 'dueAt' | 'applicationId' | 'orderId'>,
): { gsi2pk: string; gsi2sk: string } | undefined {
  if (order.status === 'answered') return undefined;
  return {
    gsi2pk: unansweredSupervisionPartition,
    gsi2sk: `${order.dueAt}#${order.applicationId}#${order.orderId}`,
  };
}

/** 好差评: the one rating of an application, beside it (its fixed sort key makes "rate once" a condition). */
export const ratingSortKey = 'RATING';
export const ratingKey = (applicationId: string): PrimaryKey => ({
  pk: applicationPartition(applicationId),
  sk: ratingSortKey,
});
/** 差评整改: the follow-up a poor rating opened, beside its application (one rating, so at most one). */
export const ratingFollowUpSortKey = 'FOLLOWUP';
export const ratingFollowUpKey = (applicationId: string): PrimaryKey => ({
  pk: applicationPartition(applicationId),
  sk: ratingFollowUpSortKey,
});
/** GSI2 overloaded: the follow-ups not handled yet, earliest due first (the service centre's list). */
export const openRatingFollowUpsPartition = 'FUP#open';

/**
 * GSI2 "follow-ups not handled yet, by due time". Keys only matter (the index projects step attributes, of which
 * a follow-up shares `applicationId`, `status`, `dueAt`); the list reads the follow-ups from the table. Sparse:
 * the whole-item Put that records the handling drops it.
 */
export function ratingFollowUpIndexKey(
  followUp: Pick<RatingFollowUp, 'status' | 'dueAt' | 'applicationId'>,
): { gsi2pk: string; gsi2sk: string } | undefined {
  if (followUp.status !== 'open') return undefined;
  return { gsi2pk: openRatingFollowUpsPartition, gsi2sk: `${followUp.dueAt}#${followUp.applicationId}` };
}
