// The metrics port on Powertools Metrics: each count is flushed as one CloudWatch embedded-metric-format log
// line at once, so no handler needs a middleware to publish (counts are rare: one per request at most).
// Outside Lambda (tests, the embedded runtime) nothing is emitted unless asked for.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, noMetrics, type MetricsPort } from './metrics.ts';

export function powertoolsMetrics(): MetricsPort {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  return {
    count(name, value = 1) {
      try {
        metrics.addMetric(name, MetricUnit.Count, value);
        metrics.publishStoredMetrics();
      } catch {
        // A metric must never fail the change it counts.
      }
    },
  };
}

/** Powertools in Lambda (`AWS_LAMBDA_FUNCTION_NAME` is set there), nothing elsewhere. */
export function metricsFromEnv(env: Record<string, string | undefined> = process.env): MetricsPort {
  return env.AWS_LAMBDA_FUNCTION_NAME ? powertoolsMetrics() : noMetrics;
}
