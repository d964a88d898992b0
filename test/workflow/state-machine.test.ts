// Runs the synthesized approval state machine with the local runner, its Lambda tasks replaced by small fakes
// that check the contract on the way in and out: the paths an application can take, from the ASL that deploys.
import { beforeAll, describe, expect, it } from 'vitest';
import { stateNames } from '#infra/constructs/workflow';
import { loadStateMachineDefinition } from '#infra/local/asl';
import {
  type CallbackTask,
  type WorkflowExecution,
  type WorkflowRunnerOptions,
  TaskTokenError,
  WorkflowRunner,
  localDefinition,
} from '#infra/local/run-workflow';
import { synthesizeApproval } from '#infra/local/synth';
import { workflowTasks } from '#infra/routes';
import {
  type CallbackResult,
  type CloseApplicationInput,
  type HumanStep,
  type IssuePermitsOutput,
  type RouteApplicationOutput,
  type RoutedPermit,
  callbackResultSchemas,
  closeApplicationInputSchema,
  issuePermitsInputSchema,
  issuePermitsOutputSchema,
  openHumanStepInputSchema,
  routeApplicationInputSchema,
  routeApplicationOutputSchema,
} from '#services/workflow/contract';

let template: ReturnType<typeof synthesizeApproval>['json'];
beforeAll(() => {
  template = synthesizeApproval().json;
});

const fivePermits = (byCommitment: (permitType: string) => boolean = () => false): RoutedPermit[] =>
  (
    [
      ['land-use-planning', 'natural-resources'],
      ['engineering-planning', 'natural-resources'],
      ['construction', 'housing-construction'],
      ['real-estate-title', 'real-estate-registration'],
      ['land-use-approval', 'natural-resources'],
    ] as const
  ).map(([permitType, department]) => ({ permitType, department, byCommitment: byCommitment(permitType) }));

interface Script {
  route?: RouteApplicationOutput;
  issuance?: IssuePermitsOutput;
  /** Issuance outcomes in order, before `issuance` applies (e.g. gaps still open at the first try). */
  issuanceAttempts?: IssuePermitsOutput[];
  failRoute?: Error;
}

/** Fakes of the four workflow tasks: they parse what they get with the contract and record it. */
function fakeTasks(script: Script) {
  const calls = {
    openedSteps: [] as HumanStep[],
    routed: 0,
    issued: 0,
    closed: [] as CloseApplicationInput[],
  };
  const handlers: WorkflowRunnerOptions['handlers'] = {
    [workflowTasks.openHumanStep.entry]: (event) => {
      calls.openedSteps.push(openHumanStepInputSchema.parse(event).step);
    },
    [workflowTasks.routeApplication.entry]: (event) => {
      routeApplicationInputSchema.parse(event);
      calls.routed += 1;
      if (script.failRoute) throw script.failRoute;
      return routeApplicationOutputSchema.parse(script.route);
    },
    [workflowTasks.issuePermits.entry]: (event) => {
      issuePermitsInputSchema.parse(event);
      calls.issued += 1;
      return issuePermitsOutputSchema.parse(
        script.issuanceAttempts?.shift() ??
          script.issuance ?? { outcome: 'issued', needsVerification: false },
      );
    },
    [workflowTasks.closeApplication.entry]: (event) => {
      calls.closed.push(closeApplicationInputSchema.parse(event));
    },
  };
  return { handlers, calls };
}

/** Matches the open human step of a kind (and permit). */
const step =
  (kind: HumanStep['kind'], permitType?: string) =>
  (task: CallbackTask): boolean => {
    const s = (task.payload as { step: HumanStep }).step;
    return s.kind === kind && (permitType === undefined || s.permitType === permitType);
  };

/** Waits for the matching human step and decides it, the output checked against the contract first. */
async function decide(
  runner: WorkflowRunner,
  execution: WorkflowExecution,
  match: (task: CallbackTask) => boolean,
  output: CallbackResult,
): Promise<CallbackTask> {
  const task = await execution.waitForTask(match);
  const kind = (task.payload as { step: HumanStep }).step.kind;
  runner.sendTaskSuccess(task.token, callbackResultSchemas[kind].parse(output));
  return task;
}

const applicationId = 'app-0001';

describe('approval state machine', () => {
  it('runs a regular application through supplement loops at intake and at a department to joint issuance', async () => {
    // Prepare
    const { handlers, calls } = fakeTasks({ route: { track: 'regular', permits: fivePermits() } });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });

    // Act
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'supplement-requested' });
    await decide(runner, execution, step('enterprise-supplement'), { outcome: 'resubmitted' });
    await decide(runner, execution, step('intake'), { outcome: 'accepted-with-gaps' });
    await decide(runner, execution, step('review', 'construction'), { outcome: 'supplement-requested' });
    await decide(runner, execution, step('review-supplement', 'construction'), { outcome: 'resubmitted' });
    for (const permit of fivePermits()) {
      await decide(runner, execution, step('review', permit.permitType), { outcome: 'approved' });
    }
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls.issued).toBe(1);
    expect(calls.closed).toEqual([]);
    expect(calls.openedSteps.filter((s) => s.kind === 'review')).toHaveLength(6);
    expect(calls.openedSteps).toContainEqual({
      kind: 'review-supplement',
      department: 'housing-construction',
      permitType: 'construction',
    });
    expect(execution.openTasks()).toEqual([]);
  });

  it('waits for the enterprise to close tolerated gaps (容缺) before issuing, then issues', async () => {
    // Prepare
    const { handlers, calls } = fakeTasks({
      route: { track: 'regular', permits: fivePermits().slice(0, 1) },
      issuanceAttempts: [{ outcome: 'gaps-open' }],
    });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });

    // Act
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'accepted-with-gaps' });
    await decide(runner, execution, step('review', 'land-use-planning'), { outcome: 'approved' });
    await decide(runner, execution, step('gap-closure'), { outcome: 'resubmitted' });
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls.issued).toBe(2);
    expect(calls.openedSteps.map((s) => s.kind)).toEqual(['intake', 'review', 'gap-closure']);
    expect(execution.enteredStates()).toContain(stateNames.issued);
  });

  it('stays within 40 state transitions for five permits and one supplement loop', async () => {
    // Prepare
    const { handlers } = fakeTasks({ route: { track: 'regular', permits: fivePermits() } });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });

    // Act
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'supplement-requested' });
    await decide(runner, execution, step('enterprise-supplement'), { outcome: 'resubmitted' });
    await decide(runner, execution, step('intake'), { outcome: 'accepted' });
    for (const permit of fivePermits()) {
      await decide(runner, execution, step('review', permit.permitType), { outcome: 'approved' });
    }
    await execution.result;

    // Assess: the count documented in infra/constructs/workflow.ts, inside the 40 budget.
    expect(execution.stateTransitions()).toBe(30);
    expect(execution.stateTransitions()).toBeLessThanOrEqual(40);
  });

  it('issues on commitment without review, then revokes when the verification fails', async () => {
    // Prepare
    const dueAt = '2031-03-14T16:00:00.000Z';
    const byCommitment = (permitType: string) =>
      permitType !== 'construction' && permitType !== 'real-estate-title';
    const { handlers, calls } = fakeTasks({
      route: { track: 'standard-land', permits: fivePermits(byCommitment) },
      issuance: {
        outcome: 'issued',
        needsVerification: true,
        verificationDueAt: dueAt,
        verificationDepartment: 'natural-resources',
      },
    });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });

    // Act
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'accepted' });
    await decide(runner, execution, step('review', 'construction'), { outcome: 'approved' });
    await decide(runner, execution, step('review', 'real-estate-title'), { outcome: 'approved' });
    await decide(runner, execution, step('verification'), { outcome: 'verification-failed' });
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls.openedSteps.filter((s) => s.kind === 'review').map((s) => s.permitType)).toEqual(
      expect.arrayContaining(['construction', 'real-estate-title']),
    );
    expect(calls.openedSteps.filter((s) => s.kind === 'review')).toHaveLength(2);
    expect(calls.openedSteps).toContainEqual({ kind: 'verification', department: 'natural-resources' });
    expect(execution.enteredStates().filter((s) => s === stateNames.issueOnCommitment)).toHaveLength(3);
    expect(calls.closed).toEqual([{ applicationId, outcome: 'revoked' }]);
  });

  it('closes the application as verified when the verification passes', async () => {
    // Prepare
    const { handlers, calls } = fakeTasks({
      route: { track: 'standard-land', permits: fivePermits(() => true) },
      issuance: {
        outcome: 'issued',
        needsVerification: true,
        verificationDueAt: '2031-03-14T16:00:00Z',
        verificationDepartment: 'natural-resources',
      },
    });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });

    // Act
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'accepted' });
    await decide(runner, execution, step('verification'), { outcome: 'verified' });
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls.openedSteps.map((s) => s.kind)).toEqual(['intake', 'verification']);
    expect(calls.closed).toEqual([{ applicationId, outcome: 'verified' }]);
  });

  it('ends a refusal at intake as a refused application and a successful execution', async () => {
    // Prepare
    const { handlers, calls } = fakeTasks({});
    const runner = new WorkflowRunner({ stateMachine: template, handlers });

    // Act
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'refused' });
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls.routed).toBe(0);
    expect(calls.closed).toEqual([{ applicationId, outcome: 'refused' }]);
    expect(execution.enteredStates().at(-1)).toBe(stateNames.refused);
  });

  it('stops the joint review when one department refuses and closes the application as refused', async () => {
    // Prepare
    const { handlers, calls } = fakeTasks({
      route: { track: 'regular', permits: fivePermits().slice(0, 3) },
    });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'accepted' });
    const sibling = await execution.waitForTask(step('review', 'land-use-planning'));
    await execution.waitForTask(step('review', 'construction'));

    // Act
    await decide(runner, execution, step('review', 'engineering-planning'), { outcome: 'refused' });
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls.issued).toBe(0);
    expect(calls.closed).toEqual([{ applicationId, outcome: 'refused' }]);
    expect(() => runner.sendTaskSuccess(sibling.token, { outcome: 'approved' })).toThrowError(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
    expect(execution.openTasks()).toEqual([]);
  });

  it('closes the application as failed when a task fails with a non-transient error', async () => {
    // Prepare
    const broken = new Error('the application has no project type');
    broken.name = 'ValidationError';
    const { handlers, calls } = fakeTasks({ failRoute: broken });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });

    // Act
    const execution = runner.start({ applicationId });
    await decide(runner, execution, step('intake'), { outcome: 'accepted' });
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'ValidationError' });
    expect(calls.routed).toBe(1); // not a Lambda service error: no retry
    expect(calls.closed).toHaveLength(1);
    expect(calls.closed[0]).toMatchObject({
      applicationId,
      outcome: 'failed',
      error: { Error: 'ValidationError' },
    });
    expect(JSON.parse(calls.closed[0]!.error!.Cause!)).toMatchObject({
      errorType: 'ValidationError',
      errorMessage: 'the application has no project type',
    });
  });
});

describe('WorkflowRunner', () => {
  it('answers tokens it never issued with InvalidToken and settled ones with TaskTimedOut', async () => {
    // Prepare
    const { handlers } = fakeTasks({});
    const runner = new WorkflowRunner({ stateMachine: template, handlers });
    const execution = runner.start({ applicationId });
    const intake = await decide(runner, execution, step('intake'), { outcome: 'refused' });
    await execution.result;

    // Act & Assess
    expect(() => runner.sendTaskSuccess('no-such-token', {})).toThrowError(TaskTokenError);
    expect(() => runner.sendTaskSuccess('no-such-token', {})).toThrowError(
      expect.objectContaining({ name: 'InvalidToken' }),
    );
    expect(() => runner.sendTaskFailure(intake.token, 'Oops')).toThrowError(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  it('hands every human step its own token in the payload', async () => {
    // Prepare
    const { handlers } = fakeTasks({ route: { track: 'regular', permits: fivePermits().slice(0, 2) } });
    const runner = new WorkflowRunner({ stateMachine: template, handlers });
    const execution = runner.start({ applicationId });

    // Act
    const intake = await decide(runner, execution, step('intake'), { outcome: 'accepted' });
    const first = await execution.waitForTask(step('review', 'land-use-planning'));
    const second = await execution.waitForTask(step('review', 'engineering-planning'));
    execution.abort();

    // Assess
    const tokens = [intake, first, second].map((t) => t.token);
    expect(new Set(tokens).size).toBe(3);
    for (const task of [intake, first, second]) expect(task.payload.taskToken).toBe(task.token);
    expect(await execution.result).toEqual({ status: 'ABORTED' });
  });

  it('fails a human step whose decision is a SendTaskFailure, closing the application as failed', async () => {
    // Prepare
    const { handlers, calls } = fakeTasks({});
    const runner = new WorkflowRunner({ stateMachine: template, handlers });
    const execution = runner.start({ applicationId });
    const intake = await execution.waitForTask(step('intake'));

    // Act
    runner.sendTaskFailure(intake.token, 'StepCancelled', 'withdrawn by the enterprise');
    const result = await execution.result;

    // Assess
    expect(result).toEqual({
      status: 'FAILED',
      error: 'StepCancelled',
      cause: 'withdrawn by the enterprise',
    });
    expect(calls.closed).toEqual([
      {
        applicationId,
        outcome: 'failed',
        error: { Error: 'StepCancelled', Cause: 'withdrawn by the enterprise' },
      },
    ]);
  });
});

describe('loadStateMachineDefinition', () => {
  it('turns the template into plain ASL whose Lambda tasks name their handler files', () => {
    // Act
    const { definition, lambdaByResource } = loadStateMachineDefinition(synthesizeApproval().json);

    // Assess
    const text = JSON.stringify(definition);
    expect(text).not.toMatch(/Fn::|"Ref"/);
    expect([...lambdaByResource.values()].sort()).toEqual(
      Object.values(workflowTasks)
        .map((t) => t.entry)
        .sort(),
    );
    for (const arn of lambdaByResource.keys()) expect(text).toContain(`"${arn}"`);
    expect(text).toContain('"arn:aws:states:::lambda:invoke.waitForTaskToken"');
  });
});

describe('localDefinition', () => {
  it('lets human steps outlive the library timeouts, and changes nothing else', () => {
    // Prepare
    const cloud = loadStateMachineDefinition(synthesizeApproval().json).definition;

    // Act
    const { definition, keepAliveStates } = localDefinition(cloud);

    // Assess
    const states = (definition as unknown as { States: Record<string, Record<string, unknown>> }).States;
    expect(states[stateNames.intake]).toMatchObject({
      TimeoutSeconds: 2_000_000,
      Retry: expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['States.Timeout'] })]),
    });
    expect([...keepAliveStates].sort()).toEqual(
      [
        stateNames.intake,
        stateNames.enterpriseSupplement,
        stateNames.departmentReview,
        stateNames.reviewSupplement,
        stateNames.commitmentVerification,
        stateNames.gapClosure,
      ].sort(),
    );
    expect(states[stateNames.intakeOutcome]).toEqual(
      (cloud as unknown as { States: Record<string, unknown> }).States[stateNames.intakeOutcome],
    );
  });
});

describe('WorkflowRunner keep-alive', () => {
  it('keeps a human step waiting past its local timeout, on the same token', async () => {
    // Prepare: a one-second local timeout, so the renewal happens during the test.
    const { handlers, calls } = fakeTasks({});
    let renewed!: () => void;
    const renewal = new Promise<void>((resolve) => (renewed = resolve));
    const runner = new WorkflowRunner({
      stateMachine: template,
      handlers,
      taskTimeoutSeconds: 1,
      onEvent: (_, event) => {
        if (event.type === 'StateRetried' && event.state?.name === stateNames.intake) renewed();
      },
    });
    const execution = runner.start({ applicationId });
    const intake = await execution.waitForTask(step('intake'));

    // Act
    await renewal;
    runner.sendTaskSuccess(intake.token, { outcome: 'refused' });
    const result = await execution.result;

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls.openedSteps).toHaveLength(1);
    expect(calls.closed).toEqual([{ applicationId, outcome: 'refused' }]);
    expect(execution.stateTransitions()).toBe(4); // Intake, IntakeOutcome, CloseRefused, Refused: renewals are free
  });
});
