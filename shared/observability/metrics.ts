// Business metrics (CloudWatch, namespace `OneWindow`) behind a small port, so the core counts what happened
// without an AWS import, each metric in one place: applications submitted (submitApplication), department
// steps closed on time or late (decideHumanStep), escalations (督办, the SLA sweeper). The dashboard and the
// alarms in infra/constructs/observability.ts read the same names.

export const METRICS_NAMESPACE = 'OneWindow';
/** The one `service` dimension every business metric carries, whichever function emits it. */
export const METRICS_SERVICE = 'one-window';

export const businessMetrics = {
  applicationsSubmitted: 'ApplicationsSubmitted',
  stepsClosedOnTime: 'StepsClosedOnTime',
  stepsClosedLate: 'StepsClosedLate',
  escalations: 'Escalations',
} as const;
export type BusinessMetric = (typeof businessMetrics)[keyof typeof businessMetrics];

/**
 * Counted from the functions' logs by a metric filter, not emitted by code: every log line whose message starts
 * with `ALARM:`, such as a decision whose task token the workflow rejected (a lost callback, decideHumanStep)
 * or an SLA event that could not be published (the sweeper).
 */
export const ALARM_LOG_METRIC = 'AlarmLogLines';

export interface MetricsPort {
  /** Adds `value` (default 1) to a count. Never throws: metrics must not fail the work they describe. */
  count(name: BusinessMetric, value?: number): void;
}

export const noMetrics: MetricsPort = Object.freeze({ count: () => undefined });

/** For tests: what was counted, by name. */
export class RecordingMetrics implements MetricsPort {
  readonly counts: Partial<Record<BusinessMetric, number>> = {};
  count(name: BusinessMetric, value = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }
}
