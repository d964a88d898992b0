// 政务服务"好差评": after an application is finished (permits issued, or refused) the enterprise, or the agency
// officer acting for it, rates the service once: five levels, an optional comment, optional scores of the
// departments that took part. A poor rating (差评, levels 1–2) opens a follow-up task for the service centre in
// the same transaction, due on the working-day calendar; an administrator records how it was handled (整改 and
// 回复). The satisfaction counters (满意率) are written in the rating's transaction too
// (services/application/core/satisfaction-counters.ts).
import * as z from 'zod';
import { actingForApplication } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { Conflict, Forbidden, NotFound, RuleViolation } from '#shared/errors';
import {
  followUpOutcomes,
  maxRatingCommentLength,
  ratingFollowUpSchema,
  ratingSchema,
  text,
  type Application,
  type ApplicationStatus,
  type AuditEvent,
  type Rating,
  type RatingFollowUp,
} from '#shared/model';
import { auditEvent } from '#services/application/core/events';
import { loadVisibleApplication } from '#services/application/core/get-application';
import type { CoreDeps } from '#services/application/core/ports';
import { isPoorRating, satisfactionIncrements } from '#services/application/core/satisfaction-counters';

/**
 * 差评整改: a poor rating is to be handled and answered within this many working days on the official calendar
 * (the follow-up falls due at the end of the last one). A named constant rather than a configuration field: the
 * service configuration holds the approval's time limits, and no administrator screen edits this one yet.
 */
export const POOR_RATING_FOLLOW_UP_WORKING_DAYS = 5;

/** A finished matter: permits issued (whatever came of them later), or refused. */
export const ratableStatuses: readonly ApplicationStatus[] = [
  'issued',
  'under-verification',
  'verified',
  'revoked',
  'refused',
];

export const rateBodySchema = z.strictObject({
  level: ratingSchema.shape.level.describe(
    '5 非常满意 very satisfied · 4 满意 satisfied · 3 基本满意 fairly satisfied · 2 不满意 dissatisfied · ' +
      '1 非常不满意 very dissatisfied. 1–2 is a poor rating (差评): it opens a follow-up for the service centre',
  ),
  comment: ratingSchema.shape.comment.describe(
    `What the enterprise wants to say (at most ${maxRatingCommentLength} characters)`,
  ),
  departmentScores: ratingSchema.shape.departmentScores.describe(
    'Scores of departments that took part in the application (经办部门), each at most once',
  ),
});
export type RateBody = z.infer<typeof rateBodySchema>;

export const handleFollowUpBodySchema = z.strictObject({
  action: text(2000).describe('What was done (整改) and answered to the enterprise (回复)'),
  outcome: z
    .enum(followUpOutcomes)
    .describe('resolved (整改到位), explained (解释说明) or unresolved (could not be solved)'),
  expectedVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The follow-up's version the caller read; 409 STALE_VERSION when it changed since"),
});
export type HandleFollowUpBody = z.infer<typeof handleFollowUpBodySchema>;

/** A follow-up as read: `overdue` derived at read time (open past its due instant). */
export const ratingFollowUpViewSchema = ratingFollowUpSchema.extend({
  overdue: z.boolean().describe('Open past its due instant, or handled after it'),
});
export type RatingFollowUpView = z.infer<typeof ratingFollowUpViewSchema>;

export const applicationRatingSchema = z.object({
  applicationId: z.string(),
  /** Whether the caller may still rate it: finished, not rated, and the caller acts for the enterprise. */
  canRate: z.boolean(),
  rating: ratingSchema.nullable(),
  followUp: ratingFollowUpViewSchema.nullable(),
});
export type ApplicationRating = z.infer<typeof applicationRatingSchema>;

export function toFollowUpView(followUp: RatingFollowUp, now: Date): RatingFollowUpView {
  const at = now.toISOString();
  const overdue =
    followUp.status === 'open' ? followUp.dueAt < at : (followUp.handledAt ?? '') > followUp.dueAt;
  return { ...followUp, overdue };
}

type RatingDeps = Pick<CoreDeps, 'repository' | 'now' | 'newId' | 'calendar'>;

/**
 * Records the rating, its audit event, the satisfaction counters and (for a poor rating) the follow-up, in one
 * transaction.
 * @throws NotFound the caller may not see the application
 * @throws Forbidden it sees it but does not act for the enterprise
 * @throws Conflict `MATTER_NOT_FINISHED` (not issued nor refused yet), `ALREADY_RATED`
 * @throws RuleViolation (422) `DEPARTMENT_NOT_INVOLVED`: a score for a department that took no part, or twice
 */
export async function rateApplication(
  deps: RatingDeps,
  request: { principal: Principal; applicationId: string; body: RateBody },
): Promise<ApplicationRating> {
  const { principal, body } = request;
  const { application, scope } = await loadVisibleApplication(deps, principal, request.applicationId);
  const acting = actingForApplication(principal, scope);
  if (!acting)
    throw new Forbidden('Only the enterprise, or the agency officer acting for it, rates a service');
  if (!ratableStatuses.includes(application.status)) {
    throw new Conflict(
      `The application is ${application.status}: a service is rated once its permits are issued or it is refused`,
      'MATTER_NOT_FINISHED',
    );
  }
  checkDepartmentScores(application, body.departmentScores ?? []);
  if (await deps.repository.findRating(application.applicationId)) throw alreadyRated(application);

  const now = deps.now();
  const at = now.toISOString();
  const rating: Rating = {
    applicationId: application.applicationId,
    enterpriseId: application.enterpriseId,
    level: body.level,
    ...(body.comment !== undefined ? { comment: body.comment } : {}),
    ...(body.departmentScores?.length ? { departmentScores: body.departmentScores } : {}),
    ratedBy: principal.userId,
    ratedAt: at,
    ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
    version: 1,
  };
  const followUp: RatingFollowUp | undefined = isPoorRating(body.level)
    ? {
        applicationId: application.applicationId,
        enterpriseId: application.enterpriseId,
        level: body.level,
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
        departments: involvedDepartments(application),
        ratedAt: at,
        dueAt: deps.calendar.endOfNthWorkingDay(now, POOR_RATING_FOLLOW_UP_WORKING_DAYS).toISOString(),
        status: 'open',
        version: 1,
      }
    : undefined;
  const event = auditEvent({
    application,
    eventId: `rat-${deps.newId()}`,
    type: 'service-rated',
    at,
    actor: acting.actor,
    ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
    detail: {
      level: body.level,
      comment: body.comment,
      departmentsScored: (body.departmentScores ?? []).map((score) => `${score.department}:${score.level}`),
      followUpDueAt: followUp?.dueAt,
    },
  });
  try {
    await deps.repository.commit({
      rating,
      ...(followUp ? { ratingFollowUps: { create: [followUp] } } : {}),
      events: [event],
      counters: satisfactionIncrements(rating, involvedDepartments(application), deps),
    });
  } catch (error) {
    // Two ratings at once: the second one's condition on the rating item fails, nothing of it is written.
    if (error instanceof Conflict && error.code === 'ALREADY_EXISTS') throw alreadyRated(application);
    throw error;
  }
  return {
    applicationId: application.applicationId,
    canRate: false,
    rating,
    followUp: followUp ? toFollowUpView(followUp, now) : null,
  };
}

/**
 * The application's rating and its follow-up, for the enterprise's side (which may also learn whether it can
 * still rate) and administrators.
 * @throws NotFound the caller may not see the application
 * @throws Forbidden a department officer or clerk who sees it (ratings are the enterprise's and the centre's)
 */
export async function getApplicationRating(
  deps: Pick<CoreDeps, 'repository' | 'now'>,
  request: { principal: Principal; applicationId: string },
): Promise<ApplicationRating> {
  const { principal } = request;
  const { application, scope } = await loadVisibleApplication(deps, principal, request.applicationId);
  const acting = actingForApplication(principal, scope);
  if (!acting && !principal.roles.includes('administrator')) {
    throw new Forbidden(
      "Only the enterprise, its agency officer and administrators read an application's rating",
    );
  }
  const [rating, followUp] = await Promise.all([
    deps.repository.findRating(application.applicationId),
    deps.repository.findRatingFollowUp(application.applicationId),
  ]);
  return {
    applicationId: application.applicationId,
    canRate: acting !== undefined && rating === undefined && ratableStatuses.includes(application.status),
    rating: rating ?? null,
    followUp: followUp ? toFollowUpView(followUp, deps.now()) : null,
  };
}

/** The follow-ups not handled yet, earliest due first; `overdue` derived now. Administrators only. */
export async function listOpenFollowUps(
  deps: Pick<CoreDeps, 'repository' | 'now'>,
  request: { principal: Principal; limit?: number; cursor?: string },
): Promise<{ items: RatingFollowUpView[]; cursor?: string }> {
  assertAdministrator(request.principal);
  const page = await deps.repository.listOpenRatingFollowUps({
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    caller: request.principal.userId,
  });
  const followUps = await Promise.all(
    page.items.map((entry) => deps.repository.findRatingFollowUp(entry.applicationId)),
  );
  const now = deps.now();
  return {
    // The index lags the table: a follow-up handled a moment ago is left out.
    items: followUps
      .filter((followUp): followUp is RatingFollowUp => followUp?.status === 'open')
      .map((followUp) => toFollowUpView(followUp, now)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/**
 * Records the handling of a poor rating: what was done, the outcome, who and when; one versioned write with its
 * audit event (on the application's timeline, which the enterprise reads: the answer, 回复).
 * @throws NotFound no follow-up for that application
 * @throws Conflict `FOLLOW_UP_HANDLED`, `STALE_VERSION`
 */
export async function handleFollowUp(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  request: { principal: Principal; applicationId: string; body: HandleFollowUpBody },
): Promise<{ followUp: RatingFollowUpView; event: AuditEvent }> {
  const { principal, body } = request;
  assertAdministrator(principal);
  const followUp = await deps.repository.findRatingFollowUp(request.applicationId);
  if (!followUp) throw new NotFound(`No rating follow-up for application ${request.applicationId}`);
  if (body.expectedVersion !== undefined && body.expectedVersion !== followUp.version) {
    throw new Conflict(
      `The follow-up is at version ${followUp.version}, not ${body.expectedVersion}; reload and try again`,
      'STALE_VERSION',
    );
  }
  if (followUp.status === 'handled') {
    throw new Conflict('This poor rating was handled already', 'FOLLOW_UP_HANDLED');
  }
  const now = deps.now();
  const at = now.toISOString();
  const handled: RatingFollowUp = {
    ...followUp,
    status: 'handled',
    action: body.action,
    outcome: body.outcome,
    handledBy: principal.userId,
    handledAt: at,
  };
  const event = auditEvent({
    application: followUp,
    eventId: `rfh-${deps.newId()}`,
    type: 'rating-follow-up-handled',
    at,
    actor: { userId: principal.userId, role: 'administrator' },
    detail: { outcome: body.outcome, action: body.action, late: at > followUp.dueAt, dueAt: followUp.dueAt },
  });
  await deps.repository.commit({ ratingFollowUps: { update: [handled] }, events: [event] });
  return { followUp: toFollowUpView({ ...handled, version: followUp.version + 1 }, now), event };
}

/** 经办部门: the departments that took part (steps were opened for them), the window included. */
export function involvedDepartments(application: Pick<Application, 'departments'>): string[] {
  return [...new Set(application.departments ?? [])];
}

function checkDepartmentScores(
  application: Pick<Application, 'departments'>,
  scores: NonNullable<RateBody['departmentScores']>,
): void {
  const involved = involvedDepartments(application);
  const seen = new Set<string>();
  const issues = scores.flatMap((score, i) => {
    const path = `departmentScores.${i}.department`;
    if (!involved.includes(score.department)) {
      return [{ path, message: `${score.department} took no part in this application` }];
    }
    if (seen.has(score.department)) return [{ path, message: `${score.department} is scored twice` }];
    seen.add(score.department);
    return [];
  });
  if (issues.length > 0) {
    throw new RuleViolation(
      'only departments that took part are scored, once each',
      issues,
      'DEPARTMENT_NOT_INVOLVED',
    );
  }
}

function alreadyRated(application: Pick<Application, 'applicationId'>): Conflict {
  return new Conflict(
    `Application ${application.applicationId} has been rated already: a service is rated once`,
    'ALREADY_RATED',
  );
}

function assertAdministrator(principal: Principal): void {
  if (!principal.roles.includes('administrator')) {
    throw new Forbidden('Only administrators of the service centre handle rating follow-ups');
  }
}
