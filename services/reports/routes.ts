// The HTTP contract of the reports routes: documentation and zod schemas, joined to each route's one declaration in
// infra/routes.ts (method, path, role rule, idempotency). Handlers take their route from here, and the OpenAPI
// document is built from here, without importing any handler.
import { declaredRoute } from '#infra/routes';
import * as z from 'zod';
import { defineRoute } from '#shared/http/openapi';
import { trackSchema, applicationIdSchema, departmentIdSchema, permitTypeSchema } from '#shared/model';
import { applicationReportGroupings } from './core/application-report.ts';
import {
  applicationReportSchema,
  applicationTimelineSchema,
  overdueReportSchema,
  stepReportSchema,
} from './core/views.ts';
import { csvNote, formatQueryShape, groupByQuery, monthsQueryShape } from './core/report-query.ts';
import { publishedPerformanceSchema } from './core/published-performance.ts';
import { reportedStepKinds, stepReportGroupings } from './core/step-report.ts';
import { projectReportSchema, ticketReportSchema } from './core/project-report.ts';
import { satisfactionReportSchema } from './core/satisfaction-report.ts';

export const getApplicationReportRoute = defineRoute({
  ...declaredRoute('get-application-report'),
  summary: 'Applications: issued, on time, median and p90 working days, supplement rounds, other ends',
  description:
    'One row per month and track (the month of issuance, refusal, ...), or summed over the keys left out of ' +
    '`groupBy`. `issuedWithoutSupplement` counts applications issued on their first submission (最多跑一次). ' +
    csvNote,
  tags: ['reports'],
  query: z.strictObject({
    ...monthsQueryShape,
    track: trackSchema.optional(),
    groupBy: groupByQuery(applicationReportGroupings),
    ...formatQueryShape,
  }),
  response: applicationReportSchema,
});

export const getApplicationTimelineRoute = defineRoute({
  ...declaredRoute('get-application-timeline'),
  summary: "An application's full timeline: every event and every paused interval",
  description:
    'Who did what, when and on whose behalf, with each status change, interleaved with the intervals in ' +
    `which a clock stood still (补正, Art. 45 exclusions). ${csvNote}`,
  tags: ['reports'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  query: z.strictObject({ ...formatQueryShape }),
  response: applicationTimelineSchema,
  errors: [404],
});

export const getOverdueReportRoute = defineRoute({
  ...declaredRoute('get-overdue-report'),
  summary: 'Overdue open steps with who holds them, most overdue first',
  description:
    'Read live from the open-steps index: a step shows from the instant it falls due, escalated (督办) or ' +
    `not yet. Paused steps (补正 owed by the enterprise) have no due instant and never show. ${csvNote}`,
  tags: ['reports'],
  query: z.strictObject({ department: departmentIdSchema.optional(), ...formatQueryShape }),
  response: overdueReportSchema,
});

export const getStepReportRoute = defineRoute({
  ...declaredRoute('get-step-report'),
  summary: 'Department steps: closed, on-time rate, median and p90 working days, overdue still open',
  description:
    'One row per month, department, permit (or step kind) and track, or summed over the keys left out of ' +
    '`groupBy`. Closed-step figures come from counters kept at write time (one read per month); overdue ' +
    `steps are read live and counted in the month they fell due. ${csvNote}`,
  tags: ['reports'],
  query: z.strictObject({
    ...monthsQueryShape,
    department: departmentIdSchema.optional(),
    permitType: permitTypeSchema.optional(),
    kind: z.enum(reportedStepKinds).optional(),
    track: trackSchema.optional(),
    groupBy: groupByQuery(stepReportGroupings),
    ...formatQueryShape,
  }),
  response: stepReportSchema,
});

export const getProjectReportRoute = defineRoute({
  ...declaredRoute('get-project-report'),
  summary: 'Projects per month and stage: registered (入库), stages reached, advances, completed; 入库率',
  description:
    'One row per month and a `total` row, from counters kept at write time. `plannedProjects` (the number of ' +
    `projects in the plan) gives the registration rate (入库率) of the months' registrations. ${csvNote}`,
  tags: ['reports'],
  query: z.strictObject({
    ...monthsQueryShape,
    plannedProjects: z.coerce.number().int().min(1).max(1_000_000).optional(),
    ...formatQueryShape,
  }),
  response: projectReportSchema,
});

export const getTicketReportRoute = defineRoute({
  ...declaredRoute('get-ticket-report'),
  summary: 'Problems per department and category: raised, solved (销号), on time, median days, open, overdue',
  description:
    'Raised / solved / on time / reopened / escalated in the months from counters kept at write time (a ticket ' +
    'counts in the month it was raised, solved, ...); open and overdue are read live. A `total` row sums all. ' +
    csvNote,
  tags: ['reports'],
  query: z.strictObject({
    ...monthsQueryShape,
    department: departmentIdSchema.optional(),
    ...formatQueryShape,
  }),
  response: ticketReportSchema,
});

// --- 好差评 (issue 18): the satisfaction rate per department and month --------------------------------------------
export const getSatisfactionReportRoute = defineRoute({
  ...declaredRoute('get-satisfaction-report'),
  summary: 'Ratings and satisfaction rate (满意率) per department and month',
  description:
    'From counters written in each rating’s transaction: rated, satisfied (levels 4–5), poor (1–2, 差评) and ' +
    'the satisfaction rate = satisfied ÷ rated, per department that took part (its own score where the ' +
    'enterprise gave one, else the overall level) and `all` (each rating once). A range adds `total` rows. ' +
    csvNote,
  tags: ['reports'],
  query: z.strictObject({
    ...monthsQueryShape,
    department: departmentIdSchema.optional().describe('One department, or `all` for the matters as a whole'),
    ...formatQueryShape,
  }),
  response: satisfactionReportSchema,
});

// --- The public face: the published figures (政务公开), no login --------------------------------------------
export const getPublishedPerformanceRoute = defineRoute({
  ...declaredRoute('get-published-performance'),
  summary: 'Published performance (政务公开): on-time rates per department and track, no login',
  description:
    'Department reviews closed in the month (`month=YYYY-MM`, default the current month), on time, the ' +
    'on-time rate, median and p90 working days, per department and track: the figures of ' +
    '`GET /admin/reports/steps?kind=review&groupBy=department,track` for that month, from the same counters ' +
    '(one read of the month), without permits, applications or overdue lists. `satisfaction`: the ratings ' +
    '(好差评) of the month per department, satisfied (4–5) and the satisfaction rate (满意率), counts only. ' +
    'Cached up to five minutes.',
  tags: ['public'],
  query: z.strictObject({ month: monthsQueryShape.month }),
  response: publishedPerformanceSchema,
});
