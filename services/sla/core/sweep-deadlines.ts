// The SLA sweep (预警 / 督办), minimal: read each department's open steps that fall due soon, recompute their
// clocks, and record each step's move to yellow or red once: the step's `slaStatus` (and `escalatedAt` when red)
// with a 'step-warned' or 'step-escalated' event, conditioned on the step's version so a concurrent decision or
// a parallel sweep wins and nothing is recorded twice.
import { Conflict } from '#shared/errors';
import { DEFAULT_THRESHOLDS } from '#shared/sla/index';
import type { SlaStatus, Step } from '#shared/model';
import { readStep, stepSlaFields } from '#services/workflow/core/clock';
import { auditEvent } from '#services/workflow/core/events';
import type { WorkflowDependencies } from '#services/workflow/core/ports';

export interface SweepOptions {
  /** @default the configured departments */
  departments?: readonly string[];
  /** Steps due within this many working days are read. @default enough to see every yellow step */
  lookaheadWorkingDays?: number;
}

export interface SweepResult {
  examined: number;
  warned: string[];
  escalated: string[];
  /** Changed under the sweep (decided, or swept by another run): left for the next one. */
  skipped: string[];
}

const severity: Record<SlaStatus, number> = { green: 0, yellow: 1, red: 2 };

export async function sweepDeadlines(
  deps: Pick<WorkflowDependencies, 'store' | 'calendar' | 'now' | 'logger' | 'config'>,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const now = deps.now();
  const dueBefore = horizon(deps, now, options.lookaheadWorkingDays ?? defaultLookahead(deps)).toISOString();
  const result: SweepResult = { examined: 0, warned: [], escalated: [], skipped: [] };
  for (const department of options.departments ?? deps.config.departments) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listOpenSteps(department, {
        dueBefore,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const step of page.items) {
        result.examined += 1;
        await sweepStep(deps, step, now, result);
      }
      cursor = page.cursor;
    } while (cursor);
  }
  if (result.warned.length + result.escalated.length > 0) {
    deps.logger.info('SLA sweep', { warned: result.warned.length, escalated: result.escalated.length });
  }
  return result;
}

async function sweepStep(
  deps: Pick<WorkflowDependencies, 'store' | 'calendar' | 'logger' | 'config'>,
  step: Step,
  now: Date,
  result: SweepResult,
): Promise<void> {
  const reading = readStep(step, now, deps);
  const colour = stepSlaFields(reading).slaStatus ?? 'green';
  if (severity[colour] <= severity[step.slaStatus ?? 'green']) return;
  const at = now.toISOString();
  const red = colour === 'red';
  const id = `${step.applicationId}/${step.stepId}`;
  try {
    await deps.store.commit({
      update: [
        { ...step, ...stepSlaFields(reading), ...(red && !step.escalatedAt ? { escalatedAt: at } : {}) },
      ],
      events: [
        auditEvent({
          application: step,
          eventId: `${step.stepId}-${red ? 'escalated' : 'warned'}`,
          type: red ? 'step-escalated' : 'step-warned',
          at,
          stepId: step.stepId,
          detail: {
            kind: step.kind,
            department: step.department,
            permitType: step.permitType,
            slaStatus: colour,
            dueAt: reading.dueAt.toISOString(),
            usedDays: reading.usedDays,
            remainingDays: reading.remainingDays,
            budgetDays: reading.budgetDays,
          },
        }),
      ],
    });
    (red ? result.escalated : result.warned).push(id);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    result.skipped.push(id);
  }
}

/** Yellow comes at most this many working days before the due day: enough days left to see every step turn. */
function defaultLookahead(deps: Pick<WorkflowDependencies, 'config'>): number {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...deps.config.thresholds };
  const largestBudget = Math.max(
    ...Object.values(deps.config.stepBudgets).flatMap((budgets) => Object.values(budgets)),
  );
  return (
    Math.max(thresholds.yellowRemainingDays, Math.ceil(largestBudget * (1 - thresholds.yellowUsedFraction))) +
    1
  );
}

/** Just after the end of the n-th working day from now; a year without a schedule counts every day. */
function horizon(deps: Pick<WorkflowDependencies, 'calendar'>, now: Date, days: number): Date {
  try {
    return new Date(deps.calendar.endOfNthWorkingDay(now, days).getTime() + 1);
  } catch {
    return new Date(now.getTime() + (days * 2 + 7) * 86_400_000);
  }
}
