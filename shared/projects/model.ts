// The project register (项目库) and its problem tickets (问题清单 · 销号): zod schemas, the single source for
// validation, types and OpenAPI, shared by the projects context (writes), the SLA sweeper (ticket deadlines) and
// the reports (counters), which may not import one another.
import * as z from 'zod';
import {
  actorSchema,
  calendarDateSchema,
  departmentIdSchema,
  enterpriseIdSchema,
  eventDetailSchema,
  eventIdSchema,
  identifier,
  slaStatusSchema,
  text,
  timestampSchema,
  userIdSchema,
} from '#shared/model';

export const projectIdSchema = identifier('projectId');
export const ticketIdSchema = identifier('ticketId');
export type ProjectId = z.infer<typeof projectIdSchema>;
export type TicketId = z.infer<typeof ticketIdSchema>;

/** The stage machine of an investment project, in order: a project only ever moves forward. */
export const projectStages = [
  'reserve', // 储备
  'signed', // 签约
  'land-secured', // 落地
  'construction-started', // 开工
  'in-production', // 投产 / 竣工
] as const;
export const projectStageSchema = z.enum(projectStages);
export type ProjectStage = z.infer<typeof projectStageSchema>;

export const stageIndex = (stage: ProjectStage): number => projectStages.indexOf(stage);

/** Planned and actual dates of one stage (计划 / 实际). */
export const stageDatesSchema = z.strictObject({
  plannedOn: calendarDateSchema.optional(),
  actualOn: calendarDateSchema.optional(),
});
export type StageDates = z.infer<typeof stageDatesSchema>;

/** Planned dates per stage, as the enterprise or the service centre gives them. */
export const plannedDatesSchema = z
  .strictObject({
    reserve: calendarDateSchema.optional(),
    signed: calendarDateSchema.optional(),
    'land-secured': calendarDateSchema.optional(),
    'construction-started': calendarDateSchema.optional(),
    'in-production': calendarDateSchema.optional(),
  })
  .describe('Planned date per stage (YYYY-MM-DD)');

/** People on a project: the approval secretary / agency officer (审批秘书 · 代办员) and the leader or task force (专班). */
export const projectPeopleSchema = z.strictObject({
  /** The agency officer (代办员) assigned by the service centre: acts for the enterprise on this project. */
  secretaryUserId: userIdSchema.optional(),
  /** 包保领导: the responsible leader, by name. */
  leader: text(100).optional(),
  /** 专班: the task force, by name. */
  taskForce: text(200).optional(),
});
export type ProjectPeople = z.infer<typeof projectPeopleSchema>;

export const projectSchema = z.strictObject({
  projectId: projectIdSchema,
  enterpriseId: enterpriseIdSchema,
  name: text(200),
  /** Industry, a slug of the region's catalogue (e.g. `equipment-manufacturing`). */
  industry: z
    .string()
    .min(1)
    .max(48)
    .regex(/^[a-z][a-z0-9-]*$/, 'industry must be a lower-case slug'),
  location: text(200),
  /** 计划总投资, in yuan. */
  plannedInvestmentYuan: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  stage: projectStageSchema,
  stages: z.strictObject({
    reserve: stageDatesSchema,
    signed: stageDatesSchema,
    'land-secured': stageDatesSchema,
    'construction-started': stageDatesSchema,
    'in-production': stageDatesSchema,
  }),
  people: projectPeopleSchema,
  /** Departments with a ticket on this project: they may read it (kept here so that rule needs one read). */
  ticketDepartments: z.array(departmentIdSchema).max(50),
  registeredBy: actorSchema,
  version: z.number().int().min(1),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Project = z.infer<typeof projectSchema>;

export const ticketCategories = ['land', 'planning', 'permits', 'utilities', 'financing', 'other'] as const;
export const ticketCategorySchema = z.enum(ticketCategories);
export type TicketCategory = z.infer<typeof ticketCategorySchema>;

/**
 * raised → accepted (the department works it) → resolved (the department says solved) → closed (销号: the
 * enterprise or its secretary confirmed). A resolved ticket the enterprise does not confirm is reopened and
 * worked again.
 */
export const ticketStatuses = ['raised', 'accepted', 'resolved', 'reopened', 'closed'] as const;
export const ticketStatusSchema = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;
/** The statuses in which the department owes work, so the clock runs and the sweeper reads the ticket. */
export const workingTicketStatuses: readonly TicketStatus[] = ['raised', 'accepted', 'reopened'];

export const ticketSchema = z.strictObject({
  projectId: projectIdSchema,
  ticketId: ticketIdSchema,
  enterpriseId: enterpriseIdSchema,
  title: text(200),
  description: z.string().trim().min(1).max(2000),
  category: ticketCategorySchema,
  /** The department made responsible (责任单位). */
  department: departmentIdSchema,
  /** 办结时限, in working days on the official calendar, counted from the day after it was raised. */
  timeLimitDays: z.number().int().min(1).max(250),
  status: ticketStatusSchema,
  raisedBy: actorSchema,
  raisedAt: timestampSchema,
  acceptedAt: timestampSchema.optional(),
  /** When the department last marked it solved (cleared when the fix is rejected). */
  resolvedAt: timestampSchema.optional(),
  closedAt: timestampSchema.optional(),
  reopenCount: z.number().int().min(0),
  /** The due instant under the calendar stamped beside it; the clock itself is recomputed on every read. */
  dueAt: timestampSchema,
  calendarVersion: z.string().min(1).max(128),
  /** The colour the sweeper last recorded: each move is recorded once. */
  slaStatus: slaStatusSchema.optional(),
  warnedAt: timestampSchema.optional(),
  /** 挂牌督办. */
  escalatedAt: timestampSchema.optional(),
  version: z.number().int().min(1),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const projectEventTypes = [
  'project-registered',
  'project-stage-advanced',
  'project-progress-reported',
  'project-people-assigned',
  'ticket-raised',
  'ticket-accepted',
  'ticket-resolved',
  'ticket-confirmed', // 销号
  'ticket-reopened',
  'ticket-warned', // 预警
  'ticket-escalated', // 挂牌督办
] as const;
export const projectEventTypeSchema = z.enum(projectEventTypes);
export type ProjectEventType = z.infer<typeof projectEventTypeSchema>;

/** One entry of a project's timeline (append-only, in the project's partition). */
export const projectEventSchema = z
  .strictObject({
    projectId: projectIdSchema,
    eventId: eventIdSchema,
    at: timestampSchema,
    type: projectEventTypeSchema,
    actor: actorSchema,
    onBehalfOf: enterpriseIdSchema.optional(),
    ticketId: ticketIdSchema.optional(),
    fromStage: projectStageSchema.optional(),
    toStage: projectStageSchema.optional(),
    fromStatus: ticketStatusSchema.optional(),
    toStatus: ticketStatusSchema.optional(),
    detail: eventDetailSchema,
  })
  .superRefine((event, ctx) => {
    if (event.actor.role === 'agency-officer' && event.onBehalfOf === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['onBehalfOf'],
        message: 'an agency officer acts on behalf of an enterprise',
      });
    }
  });
export type ProjectEvent = z.infer<typeof projectEventSchema>;
