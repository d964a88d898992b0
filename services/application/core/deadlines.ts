// Where an application stands against its time limits right now (限时办结): the whole-application clock,
// folded from the clock facts of its timeline, and each step's own ledger (budget, start, pauses). Both are
// read with the workflow core's functions, the ones that fill `application.sla` and each step's due
// instant, so what a reader sees and what the sweeper acts on cannot disagree. Derived on every read.
import { clockEventsFromTimeline, readApplication, readStep } from './clock.ts';
import type { ApplicationDeps } from './ports.ts';
import type { Application, AuditEvent, Step } from '#shared/model';
import { toClockView, type DeadlinesView } from './views.ts';

export type DeadlineDeps = Pick<ApplicationDeps, 'calendar' | 'config' | 'logger'>;

export function readDeadlines(
  input: { application: Application; steps: readonly Step[]; timeline: readonly AuditEvent[] },
  now: Date,
  deps: DeadlineDeps,
): DeadlinesView {
  const { application, steps, timeline } = input;
  const whole = readApplication(application, clockEventsFromTimeline(timeline), now, deps)?.application;
  return {
    application: whole ? toClockView(whole) : null,
    steps: [...steps]
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt))
      .map((step) => ({
        stepId: step.stepId,
        clock: toClockView(readStep(step, now, deps, application.track)),
      })),
  };
}
