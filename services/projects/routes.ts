// The HTTP contract of the project register (项目库) and its problem tickets (问题清单 · 销号): summaries and zod
// schemas joined to each route's one declaration in infra/routes.ts. Handlers take their route from here; the
// OpenAPI document is built from here without importing any handler.
import { declaredRoute } from '#infra/routes';
import * as z from 'zod';
import { defineRoute } from '#shared/http/openapi';
import { enterpriseIdSchema } from '#shared/model';
import { projectIdSchema, projectSchema, ticketIdSchema } from '#shared/projects/model';
import {
  assignPeopleBodySchema,
  registerProjectBodySchema,
  reportProgressBodySchema,
} from './core/projects.ts';
import { raiseTicketBodySchema, ticketActionBodySchema } from './core/tickets.ts';
import { projectPageSchema, projectViewSchema, ticketViewSchema } from './core/views.ts';

const projectParams = z.strictObject({ projectId: projectIdSchema });

export const registerProjectRoute = defineRoute({
  ...declaredRoute('register-project'),
  summary: 'Register a project (入库), in reserve (储备) unless another stage is given',
  description:
    'The service centre (window) registers projects for any enterprise before anything is filed; an enterprise ' +
    'or its agency officer registers its own.',
  tags: ['projects'],
  body: registerProjectBodySchema,
  response: projectSchema,
  status: 201,
});

export const listProjectsRoute = defineRoute({
  ...declaredRoute('list-projects'),
  summary: "An enterprise's projects, or the caller's assigned projects (`assigned=me`), newest first",
  description:
    'The enterprise side lists its own (an agency officer names `enterpriseId`); the service centre and ' +
    'administrators name any enterprise. `assigned=me` (without `enterpriseId`): an agency officer the projects ' +
    'it is the approval secretary (审批秘书) of, a department officer the projects its department has a ticket ' +
    'on (我负责的项目); anyone else gets 400.',
  tags: ['projects'],
  query: z.strictObject({
    enterpriseId: enterpriseIdSchema.optional(),
    assigned: z.literal('me').optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
    cursor: z.string().min(1).max(2048).optional(),
  }),
  response: projectPageSchema,
});

export const getProjectRoute = defineRoute({
  ...declaredRoute('get-project'),
  summary: 'A project with its tickets (live clocks), applications and timeline',
  description:
    'A department officer sees the project once a ticket is assigned to it, and only its own tickets.',
  tags: ['projects'],
  params: projectParams,
  response: projectViewSchema,
  errors: [404],
});

export const reportProjectProgressRoute = defineRoute({
  ...declaredRoute('report-project-progress'),
  summary: 'Report progress: a later stage reached, revised planned dates, or a note',
  description: 'A stage only moves forward; every stage passed gets the date. Recorded on the timeline.',
  tags: ['projects'],
  params: projectParams,
  body: reportProgressBodySchema,
  response: projectSchema,
  errors: [404, 409],
});

export const assignProjectPeopleRoute = defineRoute({
  ...declaredRoute('assign-project-people'),
  summary: 'The service centre assigns the secretary (审批秘书 / 代办员), leader and task force (专班)',
  description: 'The assigned agency officer acts for the enterprise on this project from then on.',
  tags: ['projects'],
  params: projectParams,
  body: assignPeopleBodySchema,
  response: projectSchema,
  errors: [404, 409],
});

export const raiseTicketRoute = defineRoute({
  ...declaredRoute('raise-ticket'),
  summary: 'Raise a problem (问题清单) with its category, responsible department and time limit',
  description:
    'The time limit is counted in working days on the official calendar from the next working day.',
  tags: ['projects'],
  params: projectParams,
  body: raiseTicketBodySchema,
  response: ticketViewSchema,
  status: 201,
  errors: [404, 409],
});

export const actOnTicketRoute = defineRoute({
  ...declaredRoute('act-on-ticket'),
  summary: 'Accept or resolve (the department); confirm (销号) or reopen (the enterprise side)',
  description:
    'A ticket is struck off only when the department resolved it and the enterprise side confirmed.',
  tags: ['projects'],
  params: z.strictObject({ projectId: projectIdSchema, ticketId: ticketIdSchema }),
  body: ticketActionBodySchema,
  response: ticketViewSchema,
  errors: [404, 409],
});
