// Bulk reassignment (批量转办) with a result per item: each item goes through changeAssignment, the one mechanism
// and authorization a single change uses (no second path), and commits on its own, so one item's failure undoes
// nothing of the others. A transient failure of DynamoDB (throttling, a dropped connection) is answered for its item
// as 503, like a single request (shared/errors.ts `transientFailureOf`): that item may be sent again. A failure the
// platform did not expect is answered for its item as 500, without its message.
import * as z from 'zod';
import type { Principal } from '#shared/auth/principal';
import { DomainError, transientFailureOf } from '#shared/errors';
import { applicationIdSchema, decisionSchema, stepIdSchema, userIdSchema } from '#shared/model';
import type { CoreDeps } from '#services/application/core/ports';
import { changeAssignment } from './change-assignment.ts';

/** Items one request may carry: a lead's whole inbox page twice over, still well inside a Lambda's time. */
export const maxBulkItems = 200;
const parallel = 8;

export const bulkAssignmentBodySchema = z.strictObject({
  assignee: userIdSchema.describe('The officer of the department who is to hold every step'),
  reason: decisionSchema.shape.reason.describe('Required for the items another officer holds'),
  items: z
    .array(z.strictObject({ applicationId: applicationIdSchema, stepId: stepIdSchema }))
    .min(1)
    .max(maxBulkItems)
    .describe(`The steps, at most ${maxBulkItems}; each is answered on its own`),
});
export type BulkAssignmentBody = z.infer<typeof bulkAssignmentBodySchema>;

export const bulkItemResultSchema = z.strictObject({
  applicationId: z.string(),
  stepId: z.string(),
  /** The status a single `assignment` request for this item would have answered. */
  status: z.number().int(),
  code: z.string().optional(),
  message: z.string().optional(),
  version: z.number().int().optional().describe("The step's version after the change"),
});
export type BulkItemResult = z.infer<typeof bulkItemResultSchema>;

export async function bulkAssign(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  request: { principal: Principal; body: BulkAssignmentBody },
): Promise<{ results: BulkItemResult[]; succeeded: number; failed: number }> {
  const { principal, body } = request;
  const results: BulkItemResult[] = new Array(body.items.length);
  let next = 0;
  const worker = async () => {
    while (next < body.items.length) {
      const index = next++;
      const item = body.items[index]!;
      results[index] = await one(deps, principal, body, item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, body.items.length) }, worker));
  const succeeded = results.filter((result) => result.status === 200).length;
  return { results, succeeded, failed: results.length - succeeded };
}

async function one(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  principal: Principal,
  body: BulkAssignmentBody,
  item: { applicationId: string; stepId: string },
): Promise<BulkItemResult> {
  try {
    const { step } = await changeAssignment(deps, {
      principal,
      ...item,
      body: {
        action: 'assign',
        assignee: body.assignee,
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
      },
    });
    return { ...item, status: 200, version: step.version };
  } catch (error) {
    const refusal = error instanceof DomainError ? error : transientFailureOf(error);
    if (refusal) return { ...item, status: refusal.status, code: refusal.code, message: refusal.message };
    return { ...item, status: 500, code: 'INTERNAL', message: 'the item could not be changed' };
  }
}
