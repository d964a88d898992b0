// 督办单: besides the sweeper's automatic escalation, an administrator orders the department of an open step to
// act on it, with a reason and a limit in working days on the official calendar; the department records its
// handling (办理情况), which closes the order. Each write is one versioned commit of the order with its audit
// event, so the order is on the application's timeline. An order unanswered past its limit is marked overdue by
// the sweeper (services/application/core/supervision.ts).
import * as z from 'zod';
import type { Principal } from '#shared/auth/principal';
import { departmentStepKinds } from '#shared/access/index';
import { Conflict, Forbidden, NotFound } from '#shared/errors';
import {
  eventIdSchema,
  stepIdSchema,
  supervisionOrderSchema,
  type AuditEvent,
  type SupervisionOrder,
} from '#shared/model';
import { auditEvent } from '#services/application/core/events';
import { loadVisibleApplication } from '#services/application/core/get-application';
import type { CoreDeps } from '#services/application/core/ports';

export const issueSupervisionBodySchema = z.strictObject({
  stepId: stepIdSchema.describe('The open review or verification step the order is about'),
  reason: supervisionOrderSchema.shape.reason.describe(
    'What the department is to do and why (internal: the enterprise does not see it)',
  ),
  limitWorkingDays: supervisionOrderSchema.shape.limitWorkingDays.describe(
    'Working days on the official calendar to answer: the order falls due at the end of the last one',
  ),
});
export type IssueSupervisionBody = z.infer<typeof issueSupervisionBodySchema>;

export const answerSupervisionBodySchema = z.strictObject({
  response: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe('How the department handled it (办理情况; internal: the enterprise does not see it)'),
  expectedVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The order's version the caller read; 409 STALE_VERSION when it changed since"),
});
export type AnswerSupervisionBody = z.infer<typeof answerSupervisionBodySchema>;

export const supervisionOrderIdSchema = eventIdSchema;

export interface SupervisionResult {
  order: SupervisionOrder;
  event: AuditEvent;
}

/**
 * @throws Forbidden the caller is no administrator
 * @throws NotFound no such application or step
 * @throws Conflict `STEP_NOT_OPEN`, `UNEXPECTED_STEP_KIND` (not a department's review or verification step)
 */
export async function issueSupervision(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId' | 'calendar'>,
  request: { principal: Principal; applicationId: string; body: IssueSupervisionBody },
): Promise<SupervisionResult> {
  const { principal, body } = request;
  if (!principal.roles.includes('administrator')) {
    throw new Forbidden('Only an administrator issues a supervision order');
  }
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step = steps.find((candidate) => candidate.stepId === body.stepId);
  if (!step) throw new NotFound(`Step ${body.stepId} not found`);
  if (!departmentStepKinds.includes(step.kind)) {
    throw new Conflict(`Step ${step.stepId} is a ${step.kind} step`, 'UNEXPECTED_STEP_KIND');
  }
  if (step.status !== 'open') throw new Conflict(`Step ${step.stepId} is ${step.status}`, 'STEP_NOT_OPEN');

  const now = deps.now();
  const at = now.toISOString();
  const order: SupervisionOrder = {
    applicationId: application.applicationId,
    orderId: `sup-${deps.newId()}`,
    stepId: step.stepId,
    department: step.department,
    reason: body.reason,
    limitWorkingDays: body.limitWorkingDays,
    issuedBy: principal.userId,
    issuedAt: at,
    dueAt: deps.calendar.endOfNthWorkingDay(now, body.limitWorkingDays).toISOString(),
    status: 'open',
    version: 1,
  };
  const event = auditEvent({
    application,
    eventId: `sui-${deps.newId()}`,
    type: 'supervision-issued',
    at,
    actor: { userId: principal.userId, role: 'administrator' },
    stepId: step.stepId,
    detail: {
      orderId: order.orderId,
      department: order.department,
      limitWorkingDays: order.limitWorkingDays,
      dueAt: order.dueAt,
      reason: order.reason,
    },
  });
  await deps.repository.commit({ supervisionOrders: { create: [order] }, events: [event] });
  return { order, event };
}

/**
 * The department's answer closes the order (open or overdue alike; an overdue answer stays marked late).
 * @throws NotFound no such order, or not the caller's department's (as if it did not exist)
 * @throws Conflict `SUPERVISION_ANSWERED` answered already; `STALE_VERSION` not at `expectedVersion`, or
 *   changed (turned overdue, answered) between the read and the write
 */
export async function answerSupervision(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  request: { principal: Principal; applicationId: string; orderId: string; body: AnswerSupervisionBody },
): Promise<SupervisionResult> {
  const { principal, body } = request;
  const order = await deps.repository.findSupervisionOrder(request.applicationId, request.orderId);
  // Another department's order is not found, like another department's step: its existence is not disclosed.
  if (
    !order ||
    !principal.roles.includes('department-officer') ||
    principal.department !== order.department
  ) {
    throw new NotFound(`Supervision order ${request.orderId} not found`);
  }
  if (body.expectedVersion !== undefined && body.expectedVersion !== order.version) {
    throw new Conflict(
      `The order is at version ${order.version}, not ${body.expectedVersion}; reload and try again`,
      'STALE_VERSION',
    );
  }
  if (order.status === 'answered') {
    throw new Conflict(`Supervision order ${order.orderId} is answered already`, 'SUPERVISION_ANSWERED');
  }
  const at = deps.now().toISOString();
  const answered: SupervisionOrder = {
    ...order,
    status: 'answered',
    response: body.response,
    answeredBy: principal.userId,
    answeredAt: at,
  };
  const event = auditEvent({
    application: order,
    eventId: `sua-${deps.newId()}`,
    type: 'supervision-answered',
    at,
    actor: { userId: principal.userId, role: 'department-officer' },
    stepId: order.stepId,
    detail: {
      orderId: order.orderId,
      department: order.department,
      late: order.status === 'overdue',
      response: body.response,
      // Who is told of the answer (services/notifications): the administrator who issued the order.
      issuedBy: order.issuedBy,
    },
  });
  await deps.repository.commit({ supervisionOrders: { update: [answered] }, events: [event] });
  return { order: { ...answered, version: order.version + 1 }, event };
}

/**
 * The orders not answered yet, earliest limit first: every one for administrators (the board), the caller's
 * department's for a department officer (its inbox of orders).
 */
export async function listUnansweredSupervision(
  deps: Pick<CoreDeps, 'repository'>,
  request: { principal: Principal; limit?: number; cursor?: string },
): Promise<{ items: SupervisionOrder[]; cursor?: string }> {
  const { principal } = request;
  const admin = principal.roles.includes('administrator');
  const department = admin ? undefined : principal.department;
  if (!admin && department === undefined) {
    throw new Forbidden('Only administrators and department officers read supervision orders');
  }
  const page = await deps.repository.listUnansweredSupervisionOrders({
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    ...(department !== undefined ? { department } : {}),
    caller: principal.userId,
  });
  const orders = await Promise.all(
    page.items.map((entry) => deps.repository.findSupervisionOrder(entry.applicationId, entry.orderId)),
  );
  return {
    // The index lags the table: an order answered a moment ago is left out.
    items: orders.filter(
      (order): order is SupervisionOrder =>
        order !== undefined &&
        order.status !== 'answered' &&
        (department === undefined || order.department === department),
    ),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}
