// The report figures recomputed from scratch: every application's audit timeline read back and folded by plain
// code that shares nothing with the counters (no dimension names, no histograms, no report module): months
// from the events' instants, medians and percentiles by sorting the values. Overdue open steps come from the
// step items of the base table, not from the index the report reads.
import type { ApplicationRepository, ApplicationWithSteps } from '#shared/data/repository';
import { forEachLimited } from '#services/reports/core/overdue-report';
import type { AuditEvent, Track } from '#shared/model';

export interface ReferenceStepRow {
  month: string;
  department: string;
  kind: string;
  permitType: string | null;
  track: Track;
  closed: number;
  onTime: number;
  workingDays: number[];
  supplementsRequested: number;
  supplementsAnswered: number;
  overdueOpen: number;
}

export interface ReferenceApplicationRow {
  month: string;
  track: Track;
  issued: number;
  onTime: number;
  workingDays: number[];
  pausedDays: number;
  supplementRequests: number[];
  refused: number;
  failed: number;
  verified: number;
  revoked: number;
}

export interface Reference {
  steps: Map<string, ReferenceStepRow>;
  applications: Map<string, ReferenceApplicationRow>;
}

/** `YYYY-MM` in Shanghai (UTC+8 all year: China has no daylight saving time). */
export const shanghaiMonth = (instant: string): string =>
  new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 7);

export async function recompute(
  repository: Pick<ApplicationRepository, 'getApplicationWithSteps' | 'getTimeline'>,
  applicationIds: readonly string[],
  now: Date,
): Promise<Reference> {
  const reference: Reference = { steps: new Map(), applications: new Map() };
  const loaded: (ApplicationWithSteps & { timeline: AuditEvent[] })[] = [];
  await forEachLimited(applicationIds, 16, async (id) => {
    loaded.push({
      ...(await repository.getApplicationWithSteps(id)),
      timeline: await repository.getTimeline(id),
    });
  });

  for (const { application, steps, timeline } of loaded) {
    const track = application.track;
    const voided = new Set(timeline.map((event) => event.detail.voids).filter((v) => typeof v === 'string'));
    const events = timeline.filter((event) => !voided.has(event.eventId));
    const stepRow = (event: AuditEvent, kind: string, permitType: string | null) =>
      stepRowOf(reference, shanghaiMonth(event.at), String(event.detail.department), kind, permitType, track);

    for (const event of events) {
      const { detail } = event;
      if (typeof detail.met === 'boolean' && typeof detail.usedDays === 'number') {
        const row =
          detail.kind === 'review'
            ? stepRow(event, 'review', String(detail.permitType))
            : stepRow(event, String(detail.kind), null);
        row.closed += 1;
        row.onTime += detail.met ? 1 : 0;
        row.workingDays.push(detail.usedDays);
      }
      if (event.type === 'supplement-requested') {
        const row =
          detail.kind === 'review'
            ? stepRow(event, 'review', String(detail.permitType))
            : stepRow(event, 'intake', null);
        row.supplementsRequested += 1;
      }
      if (event.type === 'supplement-resubmitted') {
        const row =
          detail.kind === 'review-supplement'
            ? stepRow(event, 'review', String(detail.permitType))
            : stepRow(event, 'intake', null);
        row.supplementsAnswered += 1;
      }
      const ended = {
        'application-refused': 'refused',
        'application-failed': 'failed',
        'application-verified': 'verified',
        'permits-revoked': 'revoked',
      } as const;
      if (event.eventId in ended) {
        applicationRowOf(reference, shanghaiMonth(event.at), track)[
          ended[event.eventId as keyof typeof ended]
        ] += 1;
      }
      if (event.type === 'permits-issued') {
        const row = applicationRowOf(reference, shanghaiMonth(event.at), track);
        row.issued += 1;
        row.supplementRequests.push(events.filter((e) => e.type === 'supplement-requested').length);
        if (typeof detail.workingDaysUsed === 'number') {
          row.workingDays.push(detail.workingDaysUsed);
          row.onTime += detail.onTime === true ? 1 : 0;
          row.pausedDays += typeof detail.pausedWorkingDays === 'number' ? detail.pausedWorkingDays : 0;
        }
      }
    }

    for (const step of steps) {
      if (step.status !== 'open' || step.dueAt === undefined || step.dueAt >= now.toISOString()) continue;
      if (!['intake', 'review', 'verification'].includes(step.kind)) continue;
      const row = stepRowOf(
        reference,
        shanghaiMonth(step.dueAt),
        step.department,
        step.kind,
        step.kind === 'review' ? step.permitType! : null,
        track,
      );
      row.overdueOpen += 1;
    }
  }
  return reference;
}

function stepRowOf(
  reference: Reference,
  month: string,
  department: string,
  kind: string,
  permitType: string | null,
  track: Track,
): ReferenceStepRow {
  const key = [month, department, kind, permitType, track].join('|');
  let row = reference.steps.get(key);
  if (!row) {
    row = {
      month,
      department,
      kind,
      permitType,
      track,
      closed: 0,
      onTime: 0,
      workingDays: [],
      supplementsRequested: 0,
      supplementsAnswered: 0,
      overdueOpen: 0,
    };
    reference.steps.set(key, row);
  }
  return row;
}

function applicationRowOf(reference: Reference, month: string, track: Track): ReferenceApplicationRow {
  const key = `${month}|${track}`;
  let row = reference.applications.get(key);
  if (!row) {
    row = {
      month,
      track,
      issued: 0,
      onTime: 0,
      workingDays: [],
      pausedDays: 0,
      supplementRequests: [],
      refused: 0,
      failed: 0,
      verified: 0,
      revoked: 0,
    };
    reference.applications.set(key, row);
  }
  return row;
}

// Plain definitions over the values themselves.

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Nearest rank: the smallest value with at least p% of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1]!;
}

export const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

export const mean = (total: number, n: number): number | null =>
  n === 0 ? null : Math.round((total / n) * 100) / 100;

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
