// The project register's audit counters, written in the same commit as the change they count (as for steps):
// the one place that names their dimensions and computes each change's increments, so the reports that parse
// them back and the writers cannot drift apart. Working days to solve are kept as an exact histogram
// (`days-<n>`), so medians are exact.
import type { WorkingCalendar } from '#shared/calendar/index';
import { projectStages, stageIndex, type ProjectStage, type Ticket } from './model.ts';

/**
 * The shape of shared/data's CounterIncrement, restated so the model does not depend on the data layer (which
 * depends on the model): `add` is ADDed to the item `COUNTER#<month>` / `<dimension>`.
 */
export interface CounterIncrement {
  dimension: string;
  month: string;
  add: Record<string, number>;
}

export const projectsDimensionPrefix = 'projects:';
export const ticketsDimensionPrefix = 'tickets:';

/** `projects:registered`: projects entered into the register (入库). */
export const projectsRegisteredDimension = 'projects:registered';
/** `projects:advanced`: stage advances recorded. */
export const projectsAdvancedDimension = 'projects:advanced';
/** `projects:stage:<stage>`: projects that reached the stage. */
export const projectStageDimension = (stage: ProjectStage): string => `projects:stage:${stage}`;
/** `tickets:<department>:<category>`. */
export const ticketsDimension = (department: string, category: string): string =>
  `${ticketsDimensionPrefix}${department}:${category}`;

export function parseProjectStageDimension(dimension: string): ProjectStage | undefined {
  const prefix = 'projects:stage:';
  if (!dimension.startsWith(prefix)) return undefined;
  const stage = dimension.slice(prefix.length);
  return (projectStages as readonly string[]).includes(stage) ? (stage as ProjectStage) : undefined;
}

export function parseTicketsDimension(
  dimension: string,
): { department: string; category: string } | undefined {
  if (!dimension.startsWith(ticketsDimensionPrefix)) return undefined;
  const [department, category, ...rest] = dimension.slice(ticketsDimensionPrefix.length).split(':');
  if (!department || !category || rest.length > 0) return undefined;
  return { department, category };
}

/** `YYYY-MM` of an instant in the calendar's zone (the month a figure belongs to). */
export function monthIn(calendar: Pick<WorkingCalendar, 'localDate'>, instant: Date): string {
  return calendar.localDate(instant).slice(0, 7);
}

/** Registration: one registered project, and the stage it enters the register at. */
export function registrationCounters(month: string, stage: ProjectStage): CounterIncrement[] {
  return [
    { dimension: projectsRegisteredDimension, month, add: { registered: 1 } },
    { dimension: projectStageDimension(stage), month, add: { entered: 1 } },
  ];
}

/** An advance from one stage to a later one: every stage passed is entered (a skipped stage is reached too). */
export function advanceCounters(month: string, from: ProjectStage, to: ProjectStage): CounterIncrement[] {
  const reached = projectStages.slice(stageIndex(from) + 1, stageIndex(to) + 1);
  return [
    { dimension: projectsAdvancedDimension, month, add: { advanced: 1 } },
    ...reached.map((stage) => ({ dimension: projectStageDimension(stage), month, add: { entered: 1 } })),
  ];
}

type TicketFacts = Pick<Ticket, 'department' | 'category'>;

export const ticketRaisedCounters = (month: string, t: TicketFacts): CounterIncrement[] => [
  { dimension: ticketsDimension(t.department, t.category), month, add: { raised: 1 } },
];

/** 销号: solved, with the working days the department used up to its (final) fix, and whether within the limit. */
export const ticketSolvedCounters = (
  month: string,
  t: TicketFacts,
  result: { usedDays: number; onTime: boolean },
): CounterIncrement[] => [
  {
    dimension: ticketsDimension(t.department, t.category),
    month,
    add: {
      solved: 1,
      solvedOnTime: result.onTime ? 1 : 0,
      workingDays: result.usedDays,
      [`days-${Math.max(0, Math.min(9999, Math.round(result.usedDays)))}`]: 1,
    },
  },
];

export const ticketReopenedCounters = (month: string, t: TicketFacts): CounterIncrement[] => [
  { dimension: ticketsDimension(t.department, t.category), month, add: { reopened: 1 } },
];

export const ticketEscalatedCounters = (month: string, t: TicketFacts): CounterIncrement[] => [
  { dimension: ticketsDimension(t.department, t.category), month, add: { escalated: 1 } },
];
