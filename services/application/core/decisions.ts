// What every decision of the API shares: finding the step a decision is about when the route names none, the
// optimistic check of the version the caller read, and the supplement-list rule (一次性告知).
import { roundOf } from './steps.ts';
import { Conflict } from '#shared/errors';
import type { Application, Step, StepKind } from '#shared/model';

/**
 * The step a decision addresses when the route names none: the open step of these kinds, else the latest
 * one (deciding it again then answers 409 STEP_NOT_OPEN, and resends its first decision to the workflow).
 * @throws Conflict `STEP_NOT_OPEN` when the workflow has not opened such a step yet
 */
export function stepToDecide(steps: readonly Step[], kinds: readonly StepKind[], what: string): Step {
  const candidates = steps
    .filter((step) => kinds.includes(step.kind))
    .sort((a, b) => roundOf(b) - roundOf(a) || b.openedAt.localeCompare(a.openedAt));
  const step = candidates.find((candidate) => candidate.status === 'open') ?? candidates[0];
  if (!step) throw new Conflict(`No ${what} step is open for this application`, 'STEP_NOT_OPEN');
  return step;
}

/**
 * An application change that first checks the version the caller read. It runs inside the decision's
 * commit attempt, against the application as read there, so no change can slip in between.
 * @throws Conflict `STALE_VERSION`
 */
export function checkedUpdate(
  expectedVersion: number | undefined,
  update: (application: Application) => Application = (application) => application,
): (application: Application) => Application {
  return (application) => {
    if (expectedVersion !== undefined && application.version !== expectedVersion) {
      throw new Conflict(
        `The application is at version ${application.version}, not ${expectedVersion}; reload and decide again`,
        'STALE_VERSION',
      );
    }
    return update(application);
  };
}

/** The optional `expectedVersion` every decision body accepts. */
export const expectedVersionDescription =
  'The application version the caller read; 409 STALE_VERSION when it changed since';

/**
 * 一次性告知: a supplement request lists everything missing, at once; no other outcome lists missing items.
 * Shared by every decision body that can ask for supplements.
 */
export function checkSupplementList(
  body: { outcome: string; missingItems?: unknown },
  supplementOutcome: string,
  issue: (path: string, message: string) => void,
): void {
  if (body.outcome === supplementOutcome && body.missingItems === undefined) {
    issue('missingItems', 'a supplement request lists everything missing, at once');
  }
  if (body.outcome !== supplementOutcome && body.missingItems !== undefined) {
    issue('missingItems', 'only a supplement request lists missing items');
  }
}
