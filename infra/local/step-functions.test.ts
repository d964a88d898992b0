// LocalStepFunctions over the synthesized state machine with small fake tasks: what the journal makes of a
// stop or a crash, and the answers Step Functions gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workflowTasks } from '#infra/routes';
import type { HumanStep } from '#services/workflow/contract';
import type { LoadedStateMachine } from './asl.ts';
import { loadApprovalStateMachine } from './platform.ts';
import type { CallbackTask, LocalHandler } from './run-workflow.ts';
import { LocalStepFunctions, localStateMachineArn } from './step-functions.ts';

let stateMachine: LoadedStateMachine;
beforeAll(async () => {
  stateMachine = await loadApprovalStateMachine();
});

const folders: string[] = [];
const services: LocalStepFunctions[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

function journalPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sfn-'));
  folders.push(folder);
  return join(folder, 'journal.jsonl');
}

/** Fake tasks that count their calls: two permits, both reviewed. */
function fakeTasks() {
  const calls = { opened: [] as HumanStep[], routed: 0, issued: 0, closed: 0 };
  const handlers: Record<string, LocalHandler> = {
    [workflowTasks.openHumanStep.entry]: (event) =>
      void calls.opened.push((event as { step: HumanStep }).step),
    [workflowTasks.routeApplication.entry]: () => {
      calls.routed += 1;
      return {
        track: 'regular',
        permits: [
          { permitType: 'land-use-planning', department: 'natural-resources', byCommitment: false },
          { permitType: 'construction', department: 'housing-construction', byCommitment: false },
        ],
      };
    },
    [workflowTasks.issuePermits.entry]: () => {
      calls.issued += 1;
      return { outcome: 'issued', needsVerification: false };
    },
    [workflowTasks.issueCertificates.entry]: () => ({ certificateNos: [] }),
    [workflowTasks.closeApplication.entry]: () => void (calls.closed += 1),
  };
  return { handlers, calls };
}

function service(path: string, handlers: Record<string, LocalHandler>): LocalStepFunctions {
  const sfn = new LocalStepFunctions({ stateMachine, handlers, journal: path });
  services.push(sfn);
  return sfn;
}

const review =
  (permitType: string) =>
  (task: CallbackTask): boolean =>
    (task.payload as { step: HumanStep }).step.permitType === permitType;
const input = { applicationId: 'app-1' };

describe('LocalStepFunctions', () => {
  it('resumes a stopped execution from the journal: recorded results are not asked for again', async () => {
    // Prepare: accepted, one of two reviews decided, then stopped.
    const path = journalPath();
    const first = fakeTasks();
    const before = service(path, first.handlers);
    before.startExecution({ stateMachineArn: localStateMachineArn, name: 'app-1', input });
    const run = before.execution('app-1')!;
    before.sendTaskSuccess((await run.waitForTask()).token, { outcome: 'accepted' });
    before.sendTaskSuccess((await run.waitForTask(review('land-use-planning'))).token, {
      outcome: 'approved',
    });
    await run.waitForTask(review('construction'));
    await before.settled();
    await before.stop();

    // Act
    const second = fakeTasks();
    const after = service(path, second.handlers);
    const resumed = await after.recover();
    const waiting = after.execution('app-1')!.openTasks();
    after.sendTaskSuccess(waiting[0]!.token, { outcome: 'approved' });
    await after.execution('app-1')!.result;

    // Assess
    expect(first.calls).toMatchObject({ routed: 1, issued: 0 });
    expect(resumed).toEqual(['app-1']);
    expect(second.calls.opened).toEqual([
      { kind: 'review', department: 'housing-construction', permitType: 'construction' },
    ]);
    expect(second.calls).toMatchObject({ routed: 0, issued: 1, closed: 0 });
    expect(after.describeExecution(after.executionArn('app-1'))).toMatchObject({
      status: 'SUCCEEDED',
      input,
    });
    expect(service(path, fakeTasks().handlers).unfinished).toEqual([]);
  });

  it('resumes an execution on the definition it started on, though the state machine changed since', async () => {
    // Prepare: started on today's definition; the next run's definition closes refusals as 'verified'.
    const path = journalPath();
    const definitionsDir = join(path, '..', 'definitions');
    const before = new LocalStepFunctions({
      stateMachine,
      handlers: fakeTasks().handlers,
      journal: path,
      definitionsDir,
    });
    services.push(before);
    before.startExecution({ stateMachineArn: localStateMachineArn, name: 'app-1', input });
    await before.execution('app-1')!.waitForTask();
    await before.stop();
    const changed = structuredClone(stateMachine.definition) as unknown as {
      States: Record<string, { Parameters: Record<string, unknown> }>;
    };
    changed.States.CloseRefused!.Parameters.outcome = 'verified';
    const closed: unknown[] = [];
    const handlers = {
      ...fakeTasks().handlers,
      [workflowTasks.closeApplication.entry]: (event: unknown) => void closed.push(event),
    };

    // Act
    const after = new LocalStepFunctions({
      stateMachine: { ...stateMachine, definition: changed as unknown as LoadedStateMachine['definition'] },
      handlers,
      journal: path,
      definitionsDir,
    });
    services.push(after);
    await after.recover();
    const intake = after.execution('app-1')!.openTasks()[0]!;
    after.sendTaskSuccess(intake.token, { outcome: 'refused' });
    await after.execution('app-1')!.result;

    // Assess
    expect(closed).toEqual([{ applicationId: 'app-1', outcome: 'refused' }]);
    expect(after.definition).not.toBe(before.definition);
  });

  it('answers a token of an execution that ended in an earlier run with TaskTimedOut, a foreign one with InvalidToken', async () => {
    // Prepare
    const path = journalPath();
    const before = service(path, fakeTasks().handlers);
    before.startExecution({ stateMachineArn: localStateMachineArn, name: 'app-1', input });
    const intake = await before.execution('app-1')!.waitForTask();
    before.sendTaskSuccess(intake.token, { outcome: 'refused' });
    await before.execution('app-1')!.result;
    await before.stop();
    const after = service(path, fakeTasks().handlers);

    // Act & Assess
    expect(() => after.sendTaskSuccess(intake.token, { outcome: 'accepted' })).toThrowError(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
    expect(() => after.sendTaskSuccess('local:nobody:x', {})).toThrowError(
      expect.objectContaining({ name: 'InvalidToken' }),
    );
  });

  it('starts an execution once per name: the same input again answers as before, another is refused', () => {
    // Prepare
    const sfn = service(journalPath(), fakeTasks().handlers);
    const first = sfn.startExecution({ stateMachineArn: localStateMachineArn, name: 'app-1', input });

    // Act
    const again = sfn.startExecution({ stateMachineArn: localStateMachineArn, name: 'app-1', input });
    const other = () =>
      sfn.startExecution({
        stateMachineArn: localStateMachineArn,
        name: 'app-1',
        input: { applicationId: 'x' },
      });
    const unknownMachine = () => sfn.startExecution({ stateMachineArn: 'arn:nope', name: 'app-2', input });

    // Assess
    expect(again).toEqual(first);
    expect(other).toThrowError(expect.objectContaining({ name: 'ExecutionAlreadyExists' }));
    expect(unknownMachine).toThrowError(expect.objectContaining({ name: 'StateMachineDoesNotExist' }));
  });
});
