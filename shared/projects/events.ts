// Timeline entries of a project (its partition's append-only events): one builder, so every entry carries the
// same shape (who, on whose behalf, which ticket, stage or status before and after) whoever writes it.
import type { Actor, EventDetail } from '#shared/model';
import type { ProjectEvent, ProjectEventType, ProjectStage, TicketStatus } from './model.ts';

export interface ProjectEventInput {
  projectId: string;
  /** Unique within the instant: the key is `<at>#<eventId>`. */
  eventId: string;
  type: ProjectEventType;
  at: string;
  actor: Actor;
  onBehalfOf?: string | undefined;
  ticketId?: string;
  fromStage?: ProjectStage;
  toStage?: ProjectStage;
  fromStatus?: TicketStatus;
  toStatus?: TicketStatus;
  detail?: Record<string, EventDetail[string] | undefined>;
}

export function projectEvent(input: ProjectEventInput): ProjectEvent {
  const detail: EventDetail = {};
  for (const [name, value] of Object.entries(input.detail ?? {}))
    if (value !== undefined) detail[name] = value;
  return {
    projectId: input.projectId,
    eventId: input.eventId,
    at: input.at,
    type: input.type,
    actor: input.actor,
    ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
    ...(input.ticketId ? { ticketId: input.ticketId } : {}),
    ...(input.fromStage ? { fromStage: input.fromStage } : {}),
    ...(input.toStage ? { toStage: input.toStage } : {}),
    ...(input.fromStatus ? { fromStatus: input.fromStatus } : {}),
    ...(input.toStatus ? { toStatus: input.toStatus } : {}),
    detail,
  };
}
