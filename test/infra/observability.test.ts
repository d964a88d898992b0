// The dashboard and the alarms operations watch: escalations (督办) within an hour, every function's errors,
// failed workflow executions, DynamoDB throttling and the `ALARM:` log lines (lost callbacks).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnTemplate } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';
import { allFunctions } from '#infra/routes';
import { indexes } from '#shared/data/table';
import { ALARM_LOG_METRIC, businessMetrics, METRICS_NAMESPACE } from '#shared/observability/metrics';
import { functionNamed, referencedIds, resourcesOfType, targetOf } from './template.ts';

// The dashboard and the alarms live in a nested stack (stack.ts); the functions, the table and the state machine
// they watch in the parent, whose references the nested stack takes as parameters (targetOf maps them back).
let template: Template;
let json: CfnTemplate;
let parent: CfnTemplate;
let parentTemplate: Template;
/** Nested-stack parameter → the parent's logical ID it is given (the nested stack resource's Parameters). */
let passed: Map<string, string | undefined>;
beforeAll(() => {
  const synthesized = synthesizeApproval();
  ({ template, json } = synthesized.monitoring);
  parent = synthesized.json;
  parentTemplate = synthesized.template;
  const [, nested] = resourcesOfType(parent, 'AWS::CloudFormation::Stack')[0]!;
  passed = new Map(
    Object.entries(nested.Properties!.Parameters as Record<string, unknown>).map(([name, value]) => [
      name,
      targetOf(value),
    ]),
  );
});

/** The parent's resource a nested value refers to (through its parameter). */
const inParent = (value: unknown): string | undefined => {
  const id = targetOf(value);
  return (id !== undefined ? passed.get(id) : undefined) ?? id;
};

const alarms = () => resourcesOfType(json, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties!);

describe('ApprovalObservability', () => {
  it('alarms on any escalation within an hour', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: businessMetrics.escalations,
      Dimensions: [{ Name: 'service', Value: 'one-window' }],
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it("alarms on every function's errors", () => {
    // Prepare
    const errorAlarms = alarms().filter(
      (alarm) => alarm.MetricName === 'Errors' && alarm.Namespace === 'AWS/Lambda',
    );

    // Assess
    const watched = errorAlarms.map((alarm) =>
      inParent((alarm.Dimensions as { Value: unknown }[])[0]!.Value),
    );
    expect(watched.sort()).toEqual(allFunctions.map((spec) => functionNamed(parent, spec.name)[0]).sort());
  });

  it('alarms on executions that failed, timed out or were aborted', () => {
    // Prepare
    const [stateMachineId] = resourcesOfType(parent, 'AWS::StepFunctions::StateMachine')[0]!;
    const alarm = alarms().find((a) => JSON.stringify(a.Metrics ?? []).includes('ExecutionsFailed'))!;

    // Assess
    const metrics = alarm.Metrics as {
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Dimensions: { Value: unknown }[] } };
    }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('failed + timedOut + aborted');
    expect(metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort()).toEqual([
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
    expect(referencedIds(metrics).map((id) => passed.get(id) ?? id)).toContain(stateMachineId);
  });

  it('alarms on throttled reads and writes of the table and both indexes', () => {
    // Prepare
    const alarm = alarms().find((a) => JSON.stringify(a.Metrics ?? []).includes('ThrottleEvents'))!;
    const metrics = (
      alarm.Metrics as {
        MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
      }[]
    ).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));

    // Assess
    expect(metrics).toHaveLength(2 + 2 * Object.keys(indexes).length);
    const indexNames = metrics.flatMap((m) =>
      m.Dimensions.filter((d) => d.Name === 'GlobalSecondaryIndexName').map((d) => d.Value),
    );
    expect([...new Set(indexNames)].sort()).toEqual(
      Object.values(indexes)
        .map((i) => i.indexName)
        .sort(),
    );
  });

  it('counts ALARM: log lines of every function and alarms on the first', () => {
    // Prepare
    const filters = resourcesOfType(json, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties!);

    // Assess
    expect(filters).toHaveLength(allFunctions.length);
    for (const filter of filters) {
      expect(filter).toMatchObject({
        FilterPattern: '{ $.message = "ALARM:*" }',
        MetricTransformations: [
          { MetricNamespace: METRICS_NAMESPACE, MetricName: ALARM_LOG_METRIC, MetricValue: '1' },
        ],
      });
    }
    const logGroups = filters.map((f) => inParent(f.LogGroupName));
    const functionLogGroups = allFunctions.map((spec) => {
      const [, fn] = functionNamed(parent, spec.name);
      return targetOf((fn.Properties!.LoggingConfig as { LogGroup: unknown }).LogGroup);
    });
    expect(logGroups.sort()).toEqual(functionLogGroups.sort());
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: ALARM_LOG_METRIC,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('puts the business figures, the platform health and every alarm on one dashboard', () => {
    // Prepare
    const [, dashboard] = resourcesOfType(json, 'AWS::CloudWatch::Dashboard')[0]!;
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);

    // Assess
    for (const metric of Object.values(businessMetrics)) expect(body).toContain(metric);
    for (const text of ['ExecutionsStarted', 'Errors', 'ThrottleEvents', ALARM_LOG_METRIC, 'alarm']) {
      expect(body).toContain(text);
    }
  });

  it('gives the functions the OneWindow metrics namespace', () => {
    // Every function of the route table; CDK's deploy-time BucketDeployment function (edge.ts) publishes none.
    const functions = Object.entries(parentTemplate.findResources('AWS::Lambda::Function')).filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
    );
    expect(functions.length).toBeGreaterThan(20);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      });
    }
  });
});
