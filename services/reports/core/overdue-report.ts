// Overdue open steps (超期未办结) and who holds each: read live from the open-steps index (GSI2, `due before now`)
// of each department, so a step is listed from the instant it falls due, before any sweep. The cost follows
// the number of overdue steps (one Query page per 100 of a department, one read per application concerned),
// never the number of applications ever filed.
import { enterpriseStepKinds } from '#shared/access/index';
import type { Application, DepartmentId, PermitType, Step, StepKind, Track } from '#shared/model';
import { monthOf, readStep } from '#services/application/core/clock';
import type { ReportDeps } from './ports.ts';

export interface OverdueStep {
  applicationId: string;
  projectName: string | null;
  stepId: string;
  kind: StepKind;
  department: DepartmentId;
  permitType: PermitType | null;
  track: Track | null;
  /** Whose move it is: the department's, or the enterprise's for the steps it owes (容缺 documents). */
  heldBy: 'department' | 'enterprise';
  /** The department, or the enterprise. */
  holder: string;
  /** 全程代办: the agency officer acting for the enterprise, if any. */
  agencyOfficerId: string | null;
  /** 指派: the officer who holds the step (the person, not only the department); null while no one does. */
  assignee: string | null;
  openedAt: string;
  dueAt: string;
  /** `YYYY-MM` of the due instant in the region's zone: where the step counts in the monthly figures. */
  dueMonth: string;
  /** Working days used beyond the step's budget. */
  workingDaysOverdue: number;
  /** 督办: when the sweeper escalated it to the department's supervisor; null until then. */
  escalatedAt: string | null;
}

export interface OverdueReport {
  asOf: string;
  steps: OverdueStep[];
}

const pageSize = 100;
const parallelReads = 8;

export interface OverdueQuery {
  department?: DepartmentId | undefined;
  /** Only steps that fell due in this window (`from` inclusive); never later than now. @default all */
  due?: { from: Date; before: Date } | undefined;
}

/** Every open step due before now, of one department or of every configured one, most overdue first. */
export async function overdueReport(deps: ReportDeps, query: OverdueQuery = {}): Promise<OverdueReport> {
  const now = deps.now();
  const asOf = now.toISOString();
  const before = query.due && query.due.before < now ? query.due.before.toISOString() : asOf;
  const from = query.due?.from.toISOString();
  const departments = query.department !== undefined ? [query.department] : deps.config.departments;
  const steps =
    from !== undefined && from >= before
      ? []
      : (
          await Promise.all(departments.map((department) => overdueOf(deps, department, before, from)))
        ).flat();

  const applications = new Map<string, Application | undefined>();
  const ids = [...new Set(steps.map((step) => step.applicationId))];
  await forEachLimited(ids, parallelReads, async (id) => {
    // Eventually consistent: the application's track, project and holder do not change under a report.
    applications.set(id, await deps.repository.findApplication(id, { consistent: false }));
  });

  return {
    asOf,
    steps: steps
      .map((step) => toOverdueStep(deps, step, applications.get(step.applicationId), now))
      .sort(
        (a, b) =>
          a.dueAt.localeCompare(b.dueAt) ||
          a.applicationId.localeCompare(b.applicationId) ||
          a.stepId.localeCompare(b.stepId),
      ),
  };
}

async function overdueOf(
  deps: ReportDeps,
  department: DepartmentId,
  before: string,
  from: string | undefined,
): Promise<Step[]> {
  const steps: Step[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.repository.listOpenSteps(department, {
      dueBefore: before,
      ...(from !== undefined ? { dueFrom: from } : {}),
      limit: pageSize,
      ...(cursor ? { cursor } : {}),
    });
    // The index is eventually consistent: a step closed a moment ago may still be there.
    steps.push(...page.items.filter((step) => step.status === 'open' && step.dueAt !== undefined));
    cursor = page.cursor;
  } while (cursor);
  return steps;
}

function toOverdueStep(
  deps: ReportDeps,
  step: Step,
  application: Application | undefined,
  now: Date,
): OverdueStep {
  const reading = readStep(step, now, deps, application?.track);
  const enterprisesMove = enterpriseStepKinds.includes(step.kind);
  return {
    applicationId: step.applicationId,
    projectName: application?.projectName ?? null,
    stepId: step.stepId,
    kind: step.kind,
    department: step.department,
    permitType: step.permitType ?? null,
    track: application?.track ?? null,
    heldBy: enterprisesMove ? 'enterprise' : 'department',
    holder: enterprisesMove ? (application?.enterpriseId ?? 'unknown') : step.department,
    agencyOfficerId: application?.agencyOfficerId ?? null,
    assignee: step.assignee ?? null,
    openedAt: step.openedAt,
    dueAt: step.dueAt!,
    dueMonth: monthOf(new Date(step.dueAt!), deps),
    workingDaysOverdue: Math.max(0, reading.usedDays - reading.budgetDays),
    escalatedAt: step.escalatedAt ?? null,
  };
}

/** Runs `task` over the items with at most `limit` at a time. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
