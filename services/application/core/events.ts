// Audit events the workflow writes: one builder, so every event carries the same shape (who, on whose behalf,
// which step, status before and after) and its clock facts.
import type { Actor, Application, AuditEvent, AuditEventType, EventDetail } from '#shared/model';
import { CLOCK_DETAIL } from './clock.ts';

/** The workflow itself, when no person acted (a task of the state machine). */
export const workflowActor: Actor = { userId: 'workflow', role: 'system' };

export interface EventInput {
  application: Pick<Application, 'applicationId'>;
  /** Unique within the instant: the event's key is `<at>#<eventId>`. */
  eventId: string;
  type: AuditEventType;
  at: string;
  actor?: Actor;
  onBehalfOf?: string;
  stepId?: string;
  fromStatus?: Application['status'];
  toStatus?: Application['status'];
  detail?: Record<string, EventDetail[string] | undefined>;
  clock?: string[];
}

export function auditEvent(input: EventInput): AuditEvent {
  const detail: EventDetail = {};
  for (const [name, value] of Object.entries(input.detail ?? {})) {
    if (value !== undefined) detail[name] = value;
  }
  if (input.clock && input.clock.length > 0) detail[CLOCK_DETAIL] = input.clock;
  return {
    applicationId: input.application.applicationId,
    eventId: input.eventId,
    at: input.at,
    type: input.type,
    actor: input.actor ?? workflowActor,
    ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
    ...(input.stepId ? { stepId: input.stepId } : {}),
    ...(input.fromStatus ? { fromStatus: input.fromStatus } : {}),
    ...(input.toStatus ? { toStatus: input.toStatus } : {}),
    detail,
  };
}

/** Retries `attempt` when it lost a race on a version (another change got there first): read again, redo. */
export async function withVersionRetry<T>(
  attempt: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  times = 8,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= times || !isRetryable(error)) throw error;
      // Parallel iterations of the joint review race for the application item; jitter spreads them out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * n));
    }
  }
}
