// Which domain events tell whom what: a pure function from one audit event (and the application it belongs
// to) to the notification kinds and their audiences. Events that tell nobody anything give an empty plan.
import { windowDepartment, type Application, type AuditEvent, type AuditEventType } from '#shared/model';
import type { Audience, Intent, NotificationKind } from './model.ts';

/** The audit event types that may tell someone something: the bus rule sends only these to the service. */
export const notifyingEventTypes = [
  'intake-accepted',
  'intake-deemed-accepted',
  'intake-accepted-with-gaps',
  'application-refused',
  'supplement-requested',
  'supplement-resubmitted',
  'permits-issued',
  'verification-decided',
  'permits-revoked',
  'step-opened',
  'step-warned',
  'step-escalated',
  'deadline-reminder',
  'supervision-issued',
  'supervision-answered',
  'supervision-overdue',
  'rating-follow-up-handled',
] as const satisfies readonly AuditEventType[];

/** The enterprise and, for a major project, its agency officer (全程代办). */
function applicantSide(application: Application): Audience[] {
  return [
    { type: 'enterprise', enterpriseId: application.enterpriseId },
    ...(application.agencyOfficerId
      ? [{ type: 'person', userId: application.agencyOfficerId } satisfies Audience]
      : []),
  ];
}

const departmentOf = (event: AuditEvent): string | undefined =>
  typeof event.detail.department === 'string' ? event.detail.department : undefined;

/** 督办单: the administrator who issued the order; every administrator when the event does not say who. */
const issuerOf = (event: AuditEvent): Audience =>
  typeof event.detail.issuedBy === 'string'
    ? { type: 'administrator', userId: event.detail.issuedBy }
    : { type: 'administrators' };

const to = (kind: NotificationKind, audiences: Audience[]): Intent[] =>
  audiences.map((audience) => ({ kind, audience }));

/**
 * The plan for one event. Refusals are told once, from 'application-refused' (the close of the application),
 * which follows both an intake refusal and a department's; deemed acceptance (Art. 32) is an acceptance.
 */
export function planNotifications(event: AuditEvent, application: Application): Intent[] {
  const applicant = applicantSide(application);
  const department = departmentOf(event);
  switch (event.type) {
    case 'intake-accepted':
    case 'intake-deemed-accepted':
      return to('application-accepted', applicant);
    case 'intake-accepted-with-gaps':
      return to('application-accepted-with-gaps', applicant);
    case 'application-refused':
      return to('application-refused', applicant);
    case 'supplement-requested':
      return to('supplement-requested', applicant);
    case 'supplement-resubmitted':
      // The department that asked (the window for intake) hears that the ball is back in its court.
      return department ? to('supplement-received', [{ type: 'department', department }]) : [];
    case 'permits-issued':
      return to('permits-issued', applicant);
    case 'verification-decided':
    case 'permits-revoked':
      return to('verification-result', applicant);
    case 'step-opened': {
      const kind = event.detail.kind;
      const round = typeof event.detail.round === 'number' ? event.detail.round : 1;
      // A later round follows a supplement: 'supplement-received' told the department already.
      if (round > 1 || !department) return [];
      if (kind === 'intake') return to('new-application', [{ type: 'department', department }]);
      if (kind === 'review') return to('step-assigned', [{ type: 'department', department }]);
      if (kind === 'verification') {
        return [
          ...to('step-assigned', [{ type: 'department', department }]),
          ...to('verification-due', applicant),
        ];
      }
      return [];
    }
    case 'step-warned':
      if (!department) return [];
      return to(event.detail.slaStatus === 'red' ? 'step-red' : 'step-yellow', [
        { type: 'department', department },
      ]);
    case 'step-escalated':
      // 督办: the supervisors (administrators) take it up; the department hears its step is red.
      return [
        ...(department ? to('step-red', [{ type: 'department', department }]) : []),
        ...to('escalation', [{ type: 'administrators' }]),
      ];
    case 'deadline-reminder':
      return planReminder(event, applicant, department);
    case 'supervision-issued':
      // 督办单: the order is the department's (any of its officers answers it), so each of them hears, the step's
      // holder and the lead among them; never the applicant (the order's reason is internal).
      return department ? to('supervision-ordered', [{ type: 'department', department }]) : [];
    case 'supervision-answered':
      // The one who ordered it reads how it was handled (the department's officers know: one of them answered).
      return to('supervision-answered', [issuerOf(event)]);
    case 'supervision-overdue':
      // Past its limit: the department is reminded that it still owes the answer, and whoever issued it hears
      // that it lapsed, so that they can follow up (a late answer still closes it).
      return to('supervision-overdue', [
        ...(department ? [{ type: 'department', department } satisfies Audience] : []),
        issuerOf(event),
      ]);
    case 'rating-follow-up-handled':
      // 差评整改: the enterprise (and its agency officer) reads how its poor rating was handled.
      return to('rating-answered', applicant);
    default:
      return [];
  }
}

/** 提醒: the sweeper's deadline reminders (services/sla/core/reminders.ts). */
function planReminder(event: AuditEvent, applicant: Audience[], department: string | undefined): Intent[] {
  switch (event.detail.reminder) {
    case 'gap-due-soon':
      return to('gap-due-soon', applicant);
    case 'gap-overdue':
      return to('gap-overdue', applicant);
    case 'deemed-acceptance-near':
      return to('deemed-acceptance-near', [{ type: 'department', department: windowDepartment }]);
    case 'verification-due-soon':
      // The department verifies; the enterprise (and its agency officer) must be ready for it.
      return to('verification-due-soon', [
        ...(department ? [{ type: 'department', department } satisfies Audience] : []),
        ...applicant,
      ]);
    default:
      return [];
  }
}

/** The window's "department" is its clerks. */
export const isWindow = (department: string): boolean => department === windowDepartment;
