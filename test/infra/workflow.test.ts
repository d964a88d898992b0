// The approval state machine as deployed: a Standard workflow on JSONPath whose human steps wait for task
// tokens, whose Lambda tasks retry transient errors and end in a visible failure otherwise.
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { lambdaRetry, stateNames } from '#infra/constructs/workflow';
import { loadStateMachineDefinition } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';

type State = Record<string, unknown> & { Type: string };
let template: Template;
let states: Record<string, State>;
let topLevel: Record<string, State>;

beforeAll(() => {
  const synthesized = synthesizeApproval();
  template = synthesized.template;
  const { definition } = loadStateMachineDefinition(synthesized.json);
  topLevel = (definition as unknown as { States: Record<string, State> }).States;
  const processor = topLevel[stateNames.jointReview]!.ItemProcessor as { States: Record<string, State> };
  states = { ...topLevel, ...processor.States };
});

const humanSteps = [
  stateNames.intake,
  stateNames.enterpriseSupplement,
  stateNames.departmentReview,
  stateNames.reviewSupplement,
  stateNames.commitmentVerification,
  stateNames.gapClosure,
];
const lambdaTasks = () => Object.entries(states).filter(([, s]) => s.Type === 'Task');

describe('ApprovalWorkflow', () => {
  it('is a Standard state machine with tracing and logging of every event, without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  it('waits for a task token in every human step, with no timeout or heartbeat of its own', () => {
    for (const name of humanSteps) {
      const state = states[name]!;
      expect(state.Resource, name).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      expect(state.Parameters, name).toMatchObject({
        Payload: { 'applicationId.$': '$.applicationId', 'taskToken.$': '$$.Task.Token' },
      });
      expect(state.TimeoutSeconds, name).toBeUndefined();
      expect(state.HeartbeatSeconds, name).toBeUndefined();
    }
  });

  it('reviews the routed permits in a Map, all at once, one human step per permit', () => {
    const map = topLevel[stateNames.jointReview]!;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.route.permits',
      ResultPath: null,
      ItemSelector: { 'applicationId.$': '$.applicationId', 'permit.$': '$$.Map.Item.Value' },
    });
    expect(map.MaxConcurrency ?? 0).toBe(0); // 0 or absent: no limit, every department at once
    expect(map.Catch).toEqual([
      { ErrorEquals: ['Refused'], ResultPath: '$.error', Next: stateNames.closeRefused },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: stateNames.closeFailed },
    ]);
    expect(states[stateNames.reviewRejected]).toMatchObject({ Type: 'Fail', Error: 'Refused' });
  });

  it('retries transient Lambda service errors on every Lambda task', () => {
    const expected = {
      ErrorEquals: lambdaRetry.errors,
      IntervalSeconds: 2,
      BackoffRate: 2,
      MaxAttempts: 6,
      MaxDelaySeconds: 60,
      JitterStrategy: 'FULL',
    };
    expect(lambdaTasks().length).toBe(13);
    for (const [name, state] of lambdaTasks()) {
      expect(state.Retry, name).toEqual([expected]);
    }
  });

  it('catches every other error of a top-level task and closes the application as failed', () => {
    for (const [name, state] of Object.entries(topLevel).filter(([, s]) => s.Type === 'Task')) {
      if (name === stateNames.closeFailed) {
        expect(state.Catch, name).toBeUndefined(); // a failure while failing ends the execution as it is
        continue;
      }
      if (name === stateNames.issueCertificates) {
        // Certificates that cannot be made do not undo the issuance: the workflow goes on (the alarm fires).
        expect(state.Catch, name).toEqual([
          {
            ErrorEquals: ['States.ALL'],
            ResultPath: '$.certificatesError',
            Next: stateNames.needsVerification,
          },
        ]);
        continue;
      }
      expect(state.Catch, name).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: stateNames.closeFailed },
      ]);
    }
    expect(states[stateNames.closeFailed]).toMatchObject({
      Parameters: { 'applicationId.$': '$.applicationId', outcome: 'failed', 'error.$': '$.error' },
      Next: stateNames.applicationFailed,
    });
    expect(states[stateNames.applicationFailed]).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
  });

  it('keeps payloads to IDs: synchronous tasks get the function response only', () => {
    for (const [name, state] of lambdaTasks().filter(([n]) => !humanSteps.includes(n as never))) {
      expect(String(state.Resource), name).toMatch(/^arn:aws:lambda:local:000000000000:function:/);
      expect(state.Parameters, name).toMatchObject({ 'applicationId.$': '$.applicationId' });
    }
  });

  it('opens the commitment verification right after issuance, with no Wait before it', () => {
    expect(Object.values(states).filter((s) => s.Type === 'Wait')).toEqual([]);
    expect(states[stateNames.needsVerification]).toMatchObject({
      Choices: expect.arrayContaining([
        expect.objectContaining({
          Variable: '$.issuance.needsVerification',
          Next: stateNames.commitmentVerification,
        }),
      ]),
    });
  });

  it('stays on JSONPath: no JSONata, variables, or heartbeats anywhere', () => {
    const text = JSON.stringify(topLevel);
    for (const field of ['QueryLanguage', 'Assign', 'Arguments', 'Output', 'HeartbeatSeconds', '{%']) {
      expect(text, field).not.toContain(`"${field}`);
    }
  });

  it('ends refusals, verifications and revocations as successful executions', () => {
    expect(states[stateNames.refused]).toEqual({ Type: 'Succeed' });
    expect(states[stateNames.verified]).toEqual({ Type: 'Succeed' });
    expect(states[stateNames.revoked]).toEqual({ Type: 'Succeed' });
    expect(states[stateNames.issued]).toEqual({ Type: 'Succeed' });
  });
});
