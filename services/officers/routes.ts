// The HTTP contract of the officers' daily-work routes (指派 · 认领): documentation and zod schemas joined to each
// route's one declaration in infra/routes.ts. Handlers take their route from here; so does the OpenAPI document.
import { declaredRoute } from '#infra/routes';
import * as z from 'zod';
import {
  pageSchema,
  applicationPageSchema,
  applicationViewSchema,
  pageQueryShape,
  stepViewResponseSchema,
} from '#services/application/core/views';
import { absenceSchema, applicationIdSchema, stepIdSchema, supervisionOrderSchema } from '#shared/model';
import { defineRoute } from '#shared/http/openapi';
import { assignmentBodySchema } from './core/change-assignment.ts';
import { exclusionBodySchema } from './core/record-exclusion.ts';
import { absenceBodySchema } from './core/declare-absence.ts';
import { bulkAssignmentBodySchema, bulkItemResultSchema } from './core/bulk-assignment.ts';
import { maxExportRows, searchFiltersShape } from './core/search-applications.ts';
import {
  answerSupervisionBodySchema,
  issueSupervisionBodySchema,
  supervisionOrderIdSchema,
} from './core/supervision.ts';

export const changeAssignmentRoute = defineRoute({
  ...declaredRoute('change-assignment'),
  summary: 'Claim, release, assign or reassign a step (指派 · 认领)',
  description:
    '`claim`: an officer of the step’s department takes an unassigned review or verification step. ' +
    '`release`: the assignee or a department lead gives it back. `assign`: a department lead names the ' +
    'officer who holds it; reassigning a held step needs a `reason`. Once held, only the assignee, a lead or ' +
    'the assignee’s substitute decides the step. Every change is on the timeline. 409 STEP_ASSIGNED when ' +
    'another officer claimed it first, STEP_NOT_ASSIGNED for releasing a step no one holds, STEP_NOT_OPEN, ' +
    'STALE_VERSION when `expectedVersion` is not the step’s.',
  tags: ['officers'],
  params: z.strictObject({ applicationId: applicationIdSchema, stepId: stepIdSchema }),
  body: assignmentBodySchema,
  response: z.strictObject({ application: applicationViewSchema, step: stepViewResponseSchema }),
  errors: [404, 409],
});

export const recordExclusionRoute = defineRoute({
  ...declaredRoute('record-exclusion'),
  summary: 'Record Art. 45 excluded time on a step (不计入审批期限)',
  description:
    'A hearing, testing, inspection, expert review or public notice (公示) interval, recorded once it is over ' +
    '(`end` not after now, `start` not before the step opened). Neither the step’s clock nor the ' +
    'application’s counts it, exactly as a supplement (补正) pause; both due instants are recomputed and the ' +
    'interval shows on the timeline (`time-excluded`). Each kind has a configurable legal maximum in working ' +
    'days: a longer interval is refused (400 on `body.end`). The officers who may decide the step record it. ' +
    '409 EXCLUSION_OVERLAPS when it overlaps a pause the step already has, STEP_NOT_OPEN, UNEXPECTED_STEP_KIND.',
  tags: ['officers'],
  params: z.strictObject({ applicationId: applicationIdSchema, stepId: stepIdSchema }),
  body: exclusionBodySchema,
  response: z.strictObject({ application: applicationViewSchema, step: stepViewResponseSchema }),
  errors: [404, 409],
});

export const declareAbsenceRoute = defineRoute({
  ...declaredRoute('declare-absence'),
  summary: 'Declare an absence and who stands in (代理 · 委托)',
  description:
    'From `from` to `to` (at most 90 days), `substitute` reads the caller’s steps ' +
    '(`GET /inbox?view=mine&for=<caller>`) and decides them; each decision records `decidedBy` the substitute ' +
    'and `decidedFor` the caller. It ends by itself at `to`. 409 ABSENCE_OVERLAPS when another declared ' +
    'absence overlaps it.',
  tags: ['officers'],
  body: absenceBodySchema,
  response: absenceSchema.meta({ id: 'Absence' }),
  errors: [409],
});

export const bulkAssignmentRoute = defineRoute({
  ...declaredRoute('bulk-assignment'),
  summary: 'Reassign many steps at once (批量转办)',
  description:
    'Each item goes through the same mechanism and authorization as a single `assign` (only a lead of the ' +
    'step’s department; a `reason` for the steps another officer holds) and commits on its own: a failure on ' +
    'one item undoes none of the others. 200 with a result per item, in the order given: `status` is what a ' +
    'single request would have answered (200, 403, 404, 409...), with `code` and `message` when it failed.',
  tags: ['officers'],
  body: bulkAssignmentBodySchema,
  response: z.strictObject({
    results: z.array(bulkItemResultSchema),
    succeeded: z.number().int(),
    failed: z.number().int(),
  }),
});

export const searchApplicationsRoute = defineRoute({
  ...declaredRoute('search-applications'),
  summary: 'Search applications: status, track, permit, department, SLA, due and receipt dates, name',
  description:
    'The applications the caller may see (window clerks and administrators: all; department officers: those ' +
    'with a step of their department) matching every filter given, newest receipt first. `name` is a prefix ' +
    'of the project name, case and full-width insensitive. No scan: one index partition, filtered by the ' +
    'facets in its keys, then the candidates read. A page may hold fewer than `limit` items and a cursor (each ' +
    `call reads a bounded number of keys and items): follow the cursor. \`format=csv\` exports the whole ` +
    `selection (at most ${maxExportRows} rows, UTF-8 with BOM; else 400 SELECTION_TOO_LARGE).`,
  tags: ['officers'],
  query: z.strictObject({
    ...searchFiltersShape,
    ...pageQueryShape,
    format: z
      .enum(['json', 'csv'])
      .optional()
      .describe('`csv`: the whole selection as text/csv (RFC 4180, UTF-8 with BOM); `Accept: text/csv` too'),
  }),
  response: applicationPageSchema,
});

const supervisionOrderView = supervisionOrderSchema.meta({ id: 'SupervisionOrder' });

export const issueSupervisionRoute = defineRoute({
  ...declaredRoute('issue-supervision'),
  summary: 'Issue a supervision order on an open step (督办单)',
  description:
    'An administrator orders the department of an open review or verification step to act on it: a `reason` ' +
    'and a limit of `limitWorkingDays` on the official calendar (the order falls due at the end of the last ' +
    'one). The order is on the application’s timeline (`supervision-issued`); the department lists it ' +
    '(`GET /supervision-orders`) and answers it. The enterprise sees that an order was issued, never its ' +
    'reason. 409 STEP_NOT_OPEN, UNEXPECTED_STEP_KIND.',
  tags: ['officers'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: issueSupervisionBodySchema,
  response: supervisionOrderView,
  errors: [404, 409],
});

export const answerSupervisionRoute = defineRoute({
  ...declaredRoute('answer-supervision'),
  summary: 'Answer a supervision order: how the department handled it (办理情况)',
  description:
    'An officer of the order’s department records its handling, which closes the order (open or overdue; a ' +
    'late answer stays marked `late` on the timeline). Another department’s order is 404. 409 ' +
    'SUPERVISION_ANSWERED when it is answered already, STALE_VERSION when `expectedVersion` is not the ' +
    'order’s.',
  tags: ['officers'],
  params: z.strictObject({ applicationId: applicationIdSchema, orderId: supervisionOrderIdSchema }),
  body: answerSupervisionBodySchema,
  response: supervisionOrderView,
  errors: [404, 409],
});

export const listSupervisionRoute = defineRoute({
  ...declaredRoute('list-supervision'),
  summary: 'Supervision orders not answered yet, earliest limit first (督办)',
  description:
    'Administrators: every open or overdue order (the board). A department officer: its department’s. ' +
    '`status` `overdue` once the sweeper found its limit passed.',
  tags: ['officers'],
  query: z.strictObject({ ...pageQueryShape }),
  response: pageSchema(supervisionOrderView),
});
