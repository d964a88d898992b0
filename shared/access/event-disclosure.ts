// What of an audit event each caller may read. A failed workflow's event keeps the error Step Functions caught
// (which can hold stack traces and role ARNs with the account ID) for administrators; everyone else sees a
// stable code and a support reference they can quote to the service centre, which finds the cause in the logs
// and in the administrators' timeline. One place, applied wherever a timeline leaves the platform.
import { createHash } from 'node:crypto';
import type { Principal } from '#shared/auth/principal';
import type { AuditEvent } from '#shared/model';

/** The code an enterprise sees on a failed application, whatever broke. */
export const workflowFailedCode = 'WORKFLOW_FAILED';

/** Detail fields of an event type that only administrators read. */
const adminOnlyDetail: Partial<Record<AuditEvent['type'], readonly string[]>> = {
  'application-failed': ['error', 'cause', 'invalidItem', 'invalidFields'],
};

/**
 * Detail fields of an event type that only the government side reads (window clerks, department officers,
 * administrators): a supervision order's (督办单) reason and the department's answer are internal. The enterprise
 * (and its agency officer) sees that an order was issued, to which department, its limit and when it was answered
 * or turned overdue — that its application is being pushed — but not what was written, nor which administrator
 * issued it.
 */
const staffOnlyDetail: Partial<Record<AuditEvent['type'], readonly string[]>> = {
  'supervision-issued': ['reason'],
  'supervision-answered': ['response', 'issuedBy'],
  'supervision-overdue': ['issuedBy'],
};
const staffRoles: readonly Principal['roles'][number][] = [
  'window-clerk',
  'department-officer',
  'administrator',
];

/**
 * The support reference of an application's failure: short enough to read out on the phone, the same on every
 * retry of the closing task (derived from the application ID), and logged with the cause.
 */
export function failureSupportReference(applicationId: string): string {
  return `OW-${createHash('sha256').update(applicationId).digest('hex').slice(0, 10).toUpperCase()}`;
}

/**
 * The event as the caller may read it: administrators see everything; others lose the admin-only fields, and
 * the enterprise's side the staff-only ones.
 */
export function discloseEvent(principal: Principal, event: AuditEvent): AuditEvent {
  const staff = principal.roles.some((role) => staffRoles.includes(role));
  const hidden = [
    ...(principal.roles.includes('administrator') ? [] : (adminOnlyDetail[event.type] ?? [])),
    ...(staff ? [] : (staffOnlyDetail[event.type] ?? [])),
  ];
  if (hidden.length === 0) return event;
  const detail = Object.fromEntries(Object.entries(event.detail).filter(([name]) => !hidden.includes(name)));
  return { ...event, detail };
}

export function discloseTimeline(principal: Principal, timeline: readonly AuditEvent[]): AuditEvent[] {
  return timeline.map((event) => discloseEvent(principal, event));
}
