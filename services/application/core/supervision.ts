// 督办单 (supervision orders) as the sweeper meets them: an order whose limit passed unanswered turns overdue,
// once. Here, not in services/officers, because the SLA sweeper may import only the application context; the
// orders themselves are issued and answered in services/officers/core/supervision.ts.
import { Conflict } from '#shared/errors';
import type { Actor, SupervisionOrder } from '#shared/model';
import { auditEvent } from './events.ts';
import type { CoreDeps } from './ports.ts';

export interface SupervisionSweepResult {
  /** `<applicationId>/<orderId>` of each order this sweep marked overdue. */
  overdue: string[];
  /** Changed under the sweep (answered, or marked by another run): nothing left to do. */
  skipped: string[];
}

/**
 * Marks every open order whose limit has passed as overdue: one versioned write of the order with its
 * `supervision-overdue` event, so a second sweep, two sweeps at once or an answer racing the sweep never record
 * the transition twice (the loser's condition fails, and the next read finds nothing left to do).
 */
export async function markOverdueSupervisionOrders(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  actor: Actor,
): Promise<SupervisionSweepResult> {
  const now = deps.now();
  const at = now.toISOString();
  const result: SupervisionSweepResult = { overdue: [], skipped: [] };
  let cursor: string | undefined;
  do {
    const page = await deps.repository.listUnansweredSupervisionOrders({
      dueBefore: at,
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.items) {
      const order = await deps.repository.findSupervisionOrder(entry.applicationId, entry.orderId);
      // The index is eventually consistent: the order itself says whether anything is left to do.
      if (!order || order.status !== 'open' || order.dueAt >= at) continue;
      const id = `${order.applicationId}/${order.orderId}`;
      const overdue: SupervisionOrder = { ...order, status: 'overdue', overdueAt: at };
      try {
        await deps.repository.commit({
          supervisionOrders: { update: [overdue] },
          events: [
            auditEvent({
              application: order,
              eventId: `sov-${deps.newId()}`,
              type: 'supervision-overdue',
              at,
              actor,
              stepId: order.stepId,
              // issuedBy: the administrator told of it beside the department (services/notifications).
              detail: {
                orderId: order.orderId,
                department: order.department,
                dueAt: order.dueAt,
                issuedBy: order.issuedBy,
              },
            }),
          ],
        });
        result.overdue.push(id);
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        result.skipped.push(id);
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}
