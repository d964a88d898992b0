// The audit counters: the pre-aggregated figures administrators' reports read (per department, permit, track
// and month), written in the same commit as the change they count. This module is the one place that names the
// dimensions and computes each change's increments; the writers (decisions, issuance, closing) call it and the
// reports parse its names back, so a figure and the increments behind it cannot drift apart.
import type { CounterIncrement } from '#shared/data/ports';
import type { ApplicationSla, AuditEvent, DecisionOutcome, DepartmentId, Step, Track } from '#shared/model';
import { tracks } from '#shared/model';
import { VOIDS_DETAIL } from './clock.ts';
import { isSupplementKind } from './steps.ts';

// ---------------------------------------------------------------------------------------------------------
// Dimensions

export const stepsDimensionPrefix = 'steps:';
export const applicationsDimensionPrefix = 'applications:';
export const creditMarksDimension = 'credit-marks';

/**
 * What a department's step is about in the figures: the permit it reviews, else its kind (`intake`,
 * `verification`). The enterprise's supplement (补正) counts with the department step it answers.
 */
export function stepSubjectOf(step: Pick<Step, 'kind' | 'permitType'>): string {
  if (step.permitType !== undefined) return step.permitType;
  if (step.kind === 'enterprise-supplement') return 'intake';
  return step.kind;
}

/** `steps:<department>:<permit or kind>:<track>`: the department's steps of one subject on one track. */
export const stepsDimension = (department: DepartmentId, subject: string, track: Track): string =>
  `${stepsDimensionPrefix}${department}:${subject}:${track}`;

export interface StepsDimension {
  department: DepartmentId;
  /** A permit type, or `intake` / `verification`. */
  subject: string;
  track: Track;
}

/** The parts of a `steps:` dimension; undefined for any other name. */
export function parseStepsDimension(dimension: string): StepsDimension | undefined {
  if (!dimension.startsWith(stepsDimensionPrefix)) return undefined;
  const [department, subject, track, ...rest] = dimension.slice(stepsDimensionPrefix.length).split(':');
  if (!department || !subject || !isTrack(track) || rest.length > 0) return undefined;
  return { department, subject, track };
}

/** `applications:<track>`: whole applications on one track (issued, refused, failed, ...). */
export const applicationsDimension = (track: Track): string => `${applicationsDimensionPrefix}${track}`;

export function parseApplicationsDimension(dimension: string): { track: Track } | undefined {
  if (!dimension.startsWith(applicationsDimensionPrefix)) return undefined;
  const track = dimension.slice(applicationsDimensionPrefix.length);
  return isTrack(track) ? { track } : undefined;
}

const isTrack = (value: string | undefined): value is Track => (tracks as readonly string[]).includes(value!);

// ---------------------------------------------------------------------------------------------------------
// Histograms: whole working days are integers, so a bucket per value makes medians and percentiles exact.

const daysPrefix = 'days-';
const supplementsPrefix = 'supplements-';
/** Larger values share the last bucket (about forty years of working days: never in practice). */
export const maxBucketDays = 9999;

/** Counter name of the histogram bucket of a number of working days used. */
export const daysBucket = (days: number): string => `${daysPrefix}${clampBucket(days)}`;

/** Counter name of the histogram bucket of an application's number of supplement requests (补正). */
export const supplementsBucket = (requests: number): string => `${supplementsPrefix}${clampBucket(requests)}`;

/** The histogram `value → count` held in counters named `<prefix><value>`. */
export function histogramOf(
  counters: Readonly<Record<string, number>>,
  which: 'days' | 'supplements',
): Map<number, number> {
  const prefix = which === 'days' ? daysPrefix : supplementsPrefix;
  const histogram = new Map<number, number>();
  for (const [name, count] of Object.entries(counters)) {
    if (!name.startsWith(prefix) || count === 0) continue;
    const value = Number(name.slice(prefix.length));
    if (Number.isInteger(value) && value >= 0) histogram.set(value, (histogram.get(value) ?? 0) + count);
  }
  return histogram;
}

const clampBucket = (n: number): number => Math.max(0, Math.min(Math.round(n), maxBucketDays));

// ---------------------------------------------------------------------------------------------------------
// Increments

export interface DecisionCounterInput {
  step: Pick<Step, 'department' | 'kind' | 'permitType'>;
  outcome: DecisionOutcome;
  track: Track;
  /** `YYYY-MM` of the decision in the region's zone. */
  month: string;
  /** Present when the decision ends the department's clock for the step: the working days it used. */
  result?: { usedDays: number; met: boolean };
}

/**
 * The increment one decision adds, always to ONE counter item (the department's steps of that subject, track and
 * month): a closed step with its working days (`closed`, `onTime`, `workingDays`, `days-<n>`), a supplement
 * request raised (`supplementsRequested`), the enterprise's answer to one (`supplementsAnswered`). Undefined
 * when the decision counts nowhere (a tolerated gap closed).
 */
export function decisionCounter(input: DecisionCounterInput): CounterIncrement | undefined {
  const { step, outcome, result } = input;
  const add: Record<string, number> = {};
  if (result) {
    add.closed = 1;
    add.onTime = result.met ? 1 : 0;
    add.workingDays = result.usedDays;
    add[daysBucket(result.usedDays)] = 1;
  }
  if (outcome === 'supplement-requested') add.supplementsRequested = 1;
  if (isSupplementKind(step.kind)) add.supplementsAnswered = 1;
  if (Object.keys(add).length === 0) return undefined;
  return {
    dimension: stepsDimension(step.department, stepSubjectOf(step), input.track),
    month: input.month,
    add,
  };
}

export interface IssuanceCounterInput {
  track: Track;
  month: string;
  /** The application's SLA result; without `workingDaysUsed` the issuance counts as unmeasured. */
  sla: ApplicationSla | undefined;
  /** Supplement requests (补正) the application went through: "at most one visit" as a figure. */
  supplementRequests: number;
}

/** Joint issuance (同发): one item, the track's applications of the month. */
export function issuanceCounter(input: IssuanceCounterInput): CounterIncrement {
  const { sla } = input;
  const measured = sla?.workingDaysUsed !== undefined;
  return {
    dimension: applicationsDimension(input.track),
    month: input.month,
    add: {
      issued: 1,
      [supplementsBucket(input.supplementRequests)]: 1,
      ...(measured
        ? {
            onTime: sla.onTime ? 1 : 0,
            workingDays: sla.workingDaysUsed!,
            pausedDays: sla.pausedWorkingDays ?? 0,
            [daysBucket(sla.workingDaysUsed!)]: 1,
          }
        : { unmeasured: 1 }),
    },
  };
}

/** An application's end other than issuance: refused, verified, revoked (with a credit mark), failed. */
export function closingCounters(input: {
  track: Track;
  month: string;
  outcome: 'refused' | 'verified' | 'revoked' | 'failed';
}): CounterIncrement[] {
  const counters: CounterIncrement[] = [
    { dimension: applicationsDimension(input.track), month: input.month, add: { [input.outcome]: 1 } },
  ];
  if (input.outcome === 'revoked') {
    counters.push({ dimension: creditMarksDimension, month: input.month, add: { marks: 1 } });
  }
  return counters;
}

/** Supplement requests in a timeline, leaving out decisions voided because their step had expired. */
export function supplementRequestsIn(timeline: readonly AuditEvent[]): number {
  const voided = new Set(
    timeline.flatMap((event) => {
      const voids = event.detail[VOIDS_DETAIL];
      return typeof voids === 'string' ? [voids] : [];
    }),
  );
  return timeline.filter((event) => event.type === 'supplement-requested' && !voided.has(event.eventId))
    .length;
}
