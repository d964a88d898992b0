// Joint issuance (同发): once every review is approved and no tolerated gap (容缺) is open, all permits are issued
// together with deterministic certificate numbers, and the application's SLA result (working days used of its
// limit, paused days, on time or not) is recorded with the audit counters. Idempotent: a replay after success
// returns the same answer from the stored application and writes nothing.
import { createHash } from 'node:crypto';
import { Conflict } from '#shared/errors';
import type { CounterIncrement } from '#shared/data/ports';
import { type Application, type IssuedPermit, type PermitType, type Step } from '#shared/model';
import { readStepClock } from '#shared/sla/index';
import {
  applicationSlaOf,
  clockEventsFromTimeline,
  clockFacts,
  monthOf,
} from '#services/application/core/clock';
import { issuanceCounter, supplementRequestsIn } from '#services/application/core/counters';
import { auditEvent, withVersionRetry } from '#services/application/core/events';
import { closedStatuses } from './open-human-step.ts';
import type { WorkflowDependencies } from './ports.ts';
import { withConfigOf } from '#services/application/core/config-version';
import { routeOf } from './route-application.ts';
import { roundOf } from '#services/application/core/steps';
import { noticeContextOf, noticesOf } from '#shared/notices/model';

export type IssuePermitsResult =
  /** 容缺: documents still owed; issuance waits until they are in. */
  | { outcome: 'gaps-open'; openGaps: string[] }
  | {
      outcome: 'issued';
      needsVerification: boolean;
      /** RFC 3339 with whole seconds, as a Wait state takes it. */
      verificationDueAt?: string;
      verificationDepartment?: string;
    };

/** Certificate number prefixes, from the permits' Chinese names (用地规划, 工程规划, 施工许可, 不动产权, 用地批准). */
export const certificatePrefixes: Readonly<Record<string, string>> = Object.freeze({
  'land-use-planning': 'YDGH',
  'engineering-planning': 'GCGH',
  construction: 'SGXK',
  'real-estate-title': 'BDCQ',
  'land-use-approval': 'YDPZ',
});

/**
 * `SGXK-2025-3F2A9C01B7E4`: the permit's prefix, the year of issuance, and a digest of the application id that
 * all permits of one issuance share. Derived, never counted, so a replay cannot hand out a second number.
 */
export function certificateNumber(
  applicationId: string,
  permitType: PermitType,
  year: string,
  prefix: string | undefined = certificatePrefixes[permitType],
): string {
  const digest = createHash('sha256').update(applicationId).digest('hex').slice(0, 12).toUpperCase();
  return `${prefix ?? fallbackPrefix(permitType)}-${year}-${digest}`;
}

/** A catalogue entry without a prefix: the initials of its slug (`fire-acceptance` → FA), at least two letters. */
function fallbackPrefix(permitType: PermitType): string {
  const initials = permitType
    .split('-')
    .map((part) => part[0] ?? '')
    .join('')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return initials.length >= 2
    ? initials
    : permitType
        .replace(/[^a-z]/g, '')
        .slice(0, 4)
        .toUpperCase();
}

/**
 * @throws Conflict `APPLICATION_CLOSED` the application was refused or failed;
 *   `REVIEWS_PENDING` some permit that needs a review is not approved
 */
export async function issuePermits(
  deps: WorkflowDependencies,
  command: { applicationId: string },
): Promise<IssuePermitsResult> {
  return withVersionRetry(
    () => issueOnce(deps, command.applicationId),
    (error) => error instanceof Conflict && error.code === 'STALE_VERSION',
  );
}

async function issueOnce(given: WorkflowDependencies, applicationId: string): Promise<IssuePermitsResult> {
  const { application, steps } = await given.repository.getApplicationWithSteps(applicationId);
  // The catalogue and budgets of the version the application was accepted under.
  const deps = await withConfigOf(given, application);
  const { repository: store, config } = deps;
  if (application.issuedAt && application.permits && application.permits.length > 0) {
    return issuedOutput(deps, application);
  }
  if (closedStatuses.includes(application.status)) {
    throw new Conflict(`Application ${applicationId} is ${application.status}`, 'APPLICATION_CLOSED');
  }
  const openGaps = (application.toleratedGaps ?? []).filter((gap) => gap.closedAt === undefined);
  if (openGaps.length > 0) {
    return { outcome: 'gaps-open', openGaps: openGaps.map((gap) => gap.documentKind) };
  }
  const route = routeOf(application, config);
  const pending = route.permits.filter((p) => !p.byCommitment && !approved(steps, p.permitType));
  if (pending.length > 0) {
    throw new Conflict(
      `Permits not approved yet: ${pending.map((p) => p.permitType).join(', ')}`,
      'REVIEWS_PENDING',
    );
  }

  const now = deps.now();
  const at = now.toISOString();
  const year = deps.calendar.localDate(now).slice(0, 4);
  const permits: IssuedPermit[] = route.permits.map((p) => ({
    permitType: p.permitType,
    certificateNo: certificateNumber(
      applicationId,
      p.permitType,
      year,
      config.permits.find((entry) => entry.permitType === p.permitType)?.certificatePrefix,
    ),
    issuedAt: at,
    basis: p.byCommitment ? 'commitment' : 'review',
  }));
  const issued: Application = { ...application, status: 'issued', issuedAt: at, permits, updatedAt: at };
  const timeline = await store.getTimeline(applicationId);
  // The issuance is the last fact of the application's clock; it closes it.
  const sla = applicationSlaOf(
    issued,
    [...clockEventsFromTimeline(timeline), { type: 'issued', at: now }],
    now,
    deps,
  );
  if (sla) issued.sla = sla;
  const measured = sla?.workingDaysUsed !== undefined;

  const event = auditEvent({
    application,
    eventId: 'permits-issued',
    type: 'permits-issued',
    at,
    fromStatus: application.status,
    toStatus: 'issued',
    detail: {
      permitTypes: permits.map((p) => p.permitType),
      certificateNos: permits.map((p) => p.certificateNo),
      onCommitment: permits.filter((p) => p.basis === 'commitment').map((p) => p.permitType),
      limitWorkingDays: sla?.limitWorkingDays,
      workingDaysUsed: sla?.workingDaysUsed,
      pausedWorkingDays: sla?.pausedWorkingDays,
      onTime: sla?.onTime,
      calendarVersion: sla?.calendarVersion,
      provisional: sla?.provisional,
      slaUnavailable: measured ? undefined : true,
    },
    clock: [clockFacts.issued],
  });
  const counters: CounterIncrement[] = [
    issuanceCounter({
      track: application.track,
      month: monthOf(now, deps),
      sla,
      supplementRequests: supplementRequestsIn(timeline),
    }),
  ];

  // 公示: the issuance is published with it, one notice per permit, named as the application's catalogue says.
  const notices = noticesOf(issued, 'issued', noticeContextOf(config, deps.calendar));
  const { updated } = await store.commit({ update: [issued], events: [event], counters, notices });
  deps.logger.info('Permits issued', { applicationId, certificateNos: permits.map((p) => p.certificateNo) });
  return issuedOutput(deps, updated[0]);
}

/** The latest review of the permit ended approved. */
function approved(steps: readonly Step[], permitType: PermitType): boolean {
  const reviews = steps
    .filter((step) => step.kind === 'review' && step.permitType === permitType)
    .sort((a, b) => roundOf(a) - roundOf(b));
  const last = reviews.at(-1);
  return last?.status === 'closed' && last.decision?.outcome === 'approved';
}

/** The task's answer, derived from the stored application alone, so a replay answers exactly the same. */
function issuedOutput(deps: WorkflowDependencies, application: Application): IssuePermitsResult {
  const onCommitment = (application.permits ?? []).filter((p) => p.basis === 'commitment');
  if (onCommitment.length === 0) return { outcome: 'issued', needsVerification: false };
  const issuedAt = new Date(application.issuedAt!);
  // 承诺核查 within N working days of issuance; read with the clock so an unpublished year stays provisional.
  const due = readStepClock(
    {
      budgetDays: deps.config.stepBudgets[application.track]['commitment-verification'],
      startedAt: issuedAt,
      pauses: [],
      now: issuedAt,
    },
    deps.calendar,
  ).dueAt;
  // In catalogue order (the version's), then the application's order for a type the catalogue no longer lists.
  const first =
    deps.config.permits
      .map((p) => p.permitType)
      .find((type) => onCommitment.some((p) => p.permitType === type)) ?? onCommitment[0]!.permitType;
  return {
    outcome: 'issued',
    needsVerification: true,
    verificationDueAt: due.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationDepartment: deps.config.verificationDepartment ?? deps.config.permitDepartments[first],
  };
}
