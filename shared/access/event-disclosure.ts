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
 * The support reference of an application's failure: short enough to read out on the phone, the same on every
 * retry of the closing task (derived from the application ID), and logged with the cause.
 */
export function failureSupportReference(applicationId: string): string {
  return `OW-${createHash('sha256').update(applicationId).digest('hex').slice(0, 10).toUpperCase()}`;
}

/** The event as the caller may read it: administrators see everything; others lose the admin-only fields. */
export function discloseEvent(principal: Principal, event: AuditEvent): AuditEvent {
  const hidden = adminOnlyDetail[event.type];
  if (hidden === undefined || principal.roles.includes('administrator')) return event;
  const detail = Object.fromEntries(Object.entries(event.detail).filter(([name]) => !hidden.includes(name)));
  return { ...event, detail };
}

export function discloseTimeline(principal: Principal, timeline: readonly AuditEvent[]): AuditEvent[] {
  return timeline.map((event) => discloseEvent(principal, event));
}
