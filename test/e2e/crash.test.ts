// Durability: the runtime is killed outright (SIGKILL to it and everything it started, DynamoDB Local included)
// while applications wait at intake, in the middle of the joint review and at the commitment verification; then
// killed again at the worst moment, after a decision was recorded and before the workflow heard of it. Each time
// it starts again on the same data folder, and every application goes on where it stood and ends as it should,
// its audit timeline with every event exactly once. HTTP only.
import { afterAll, describe, expect, it } from 'vitest';
import { actors, documentMeta, type ApprovalDriver } from '#infra/local/driver';
import { standardLandParcels } from '#infra/local/seed';
import type { RuntimeProcess } from '#infra/local/spawn-runtime';
import { beijing, expectTimeline, startRuntime, temporaryDataDir } from './support.ts';

const dataDir = temporaryDataDir();
const runtimes: RuntimeProcess[] = [];

afterAll(async () => {
  // Whatever each run left behind (a crashed run's DynamoDB Local included) goes with its process group.
  for (const runtime of runtimes) await runtime.stop();
  dataDir.remove();
});

/** A run of the runtime on the shared data folder, its clock starting at `clock` (Beijing time). */
async function start(clock: string, env: Record<string, string> = {}): Promise<ApprovalDriver> {
  const { runtime, drive } = await startRuntime(dataDir.path, { clock: beijing(clock), env });
  runtimes.push(runtime);
  return drive;
}

interface Execution {
  name: string;
  status: string;
}
const executions = async (drive: ApprovalDriver) =>
  (await drive.api.ok<{ executions: Execution[] }>(undefined, 'GET', '/local/executions')).executions;
const openSteps = async (drive: ApprovalDriver, id: string) =>
  (await drive.detail(id)).steps
    .filter((s) => s.status === 'open')
    .map((s) => s.stepId)
    .sort();

describe('the runtime after a crash', () => {
  it('resumes every unfinished application where it stood, with no decision lost and no event twice', async () => {
    // Prepare: three applications at three places of the workflow.
    let drive = await start('2025-03-03T08:00:00');
    const at = (instant: string) => drive.api.setClock(beijing(instant));
    await at('2025-03-03T09:00:00');
    const atIntake = await drive.file({ projectName: 'Crash test intake' });
    const midReview = await drive.file({ projectName: 'Crash test joint review' });
    const parcel = standardLandParcels[1]!;
    const atVerification = await drive.file({
      as: actors.huadu,
      projectName: 'Crash test verification',
      track: 'standard-land',
      landAcquiredOn: '2025-03-03',
      parcel: { parcelId: parcel.parcelId, areaMu: parcel.areaMu, location: parcel.location },
      requiredPermits: ['land-use-planning', 'real-estate-title'],
      commitment: parcel.indicators,
    });
    await at('2025-03-03T10:00:00');
    await drive.decideIntake(midReview, { outcome: 'accept' });
    await drive.decideIntake(atVerification, { outcome: 'accept' });
    await at('2025-03-04T10:00:00');
    await drive.decideReview(midReview, 'land-use-planning', { outcome: 'approve' });
    await drive.decideReview(atVerification, 'real-estate-title', { outcome: 'approve' });
    await at('2025-03-05T10:00:00');
    await drive.decideReview(midReview, 'construction', {
      outcome: 'request-supplement',
      missingItems: ['施工图审查合格书 (construction drawing review)'],
    });
    const before = {
      atIntake: await openSteps(drive, atIntake),
      midReview: await openSteps(drive, midReview),
      atVerification: await openSteps(drive, atVerification),
    };

    // Act 1: killed while all three wait; started again on the same data, set to die at its first callback.
    await runtimes.at(-1)!.crash();
    drive = await start('2025-03-05T12:00:00', { LOCAL_CRASH_ON_SEND_TASK_SUCCESS: '1' });
    const resumed = {
      atIntake: await openSteps(drive, atIntake),
      midReview: await openSteps(drive, midReview),
      atVerification: await openSteps(drive, atVerification),
    };
    const running = (await executions(drive)).filter((e) => e.status === 'RUNNING').map((e) => e.name);

    // Act 2: a department's approval is recorded, then the process dies before the workflow is told.
    await at('2025-03-06T10:00:00');
    const realEstate = (await drive.detail(midReview)).steps.find(
      (s) => s.status === 'open' && s.permitType === 'real-estate-title',
    )!;
    const lost = await drive.api
      .call(actors.realEstate, 'POST', `/applications/${midReview}/steps/${realEstate.stepId}/decision`, {
        outcome: 'approve',
      })
      .then(
        (response) => response.status,
        () => 'connection lost',
      );
    await runtimes.at(-1)!.exited;

    // Act 3: started once more; everything is finished through the API.
    drive = await start('2025-03-06T12:00:00');
    const recorded = (await drive.detail(midReview)).steps.find((s) => s.stepId === realEstate.stepId);
    await at('2025-03-07T09:00:00');
    await drive.decideIntake(atIntake, { outcome: 'accept' });
    await drive.supplement(midReview, {
      documents: [documentMeta('drawing-review', '施工图审查合格书.pdf')],
    });
    await at('2025-03-10T10:00:00');
    for (const permit of ['land-use-planning', 'construction', 'real-estate-title']) {
      await drive.decideReview(atIntake, permit, { outcome: 'approve' });
    }
    await drive.decideReview(midReview, 'construction', { outcome: 'approve' });
    await drive.decideVerification(atVerification, { outcome: 'passed' });
    const final = {
      atIntake: await drive.detail(atIntake),
      midReview: await drive.detail(midReview),
      atVerification: await drive.detail(atVerification),
    };
    const ended = await executions(drive);

    // Assess: after the first crash, every application waits exactly where it was.
    expect(before).toEqual({
      atIntake: ['intake-1'],
      midReview: ['review-real-estate-title-1', 'review-supplement-construction-1'],
      atVerification: ['verification-1'],
    });
    expect(resumed).toEqual(before);
    expect(running.sort()).toEqual([atIntake, midReview, atVerification].sort());
    // After the second: the decision had been recorded, and the workflow received it on the restart.
    expect(lost).toBe('connection lost');
    // The killed run's DynamoDB Local outlived it; the next run stopped it before opening the same files.
    expect(runtimes[2]!.output()).toMatch(
      /stopping the DynamoDB Local \(pid \d+\) a previous run left behind/,
    );
    expect(recorded).toMatchObject({ status: 'closed', decision: { outcome: 'approved' } });
    expect(final.midReview.application.status).toBe('issued');
    // Every application ends as it should, its timeline with every event exactly once.
    expect(final.atIntake.application.status).toBe('issued');
    expect(final.atVerification.application.status).toBe('verified');
    expect(ended.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expectTimeline(final.atIntake, [
      ['application-submitted'],
      ['workflow-started'],
      ['step-opened', 'intake-1'],
      ['intake-accepted', 'intake-1'],
      ['step-opened', 'review-land-use-planning-1'],
      ['step-opened', 'review-construction-1'],
      ['step-opened', 'review-real-estate-title-1'],
      ['step-decided', 'review-land-use-planning-1'],
      ['step-decided', 'review-construction-1'],
      ['step-decided', 'review-real-estate-title-1'],
      ['permits-issued'],
      ['certificates-issued'],
    ]);
    expectTimeline(final.midReview, [
      ['application-submitted'],
      ['workflow-started'],
      ['step-opened', 'intake-1'],
      ['intake-accepted', 'intake-1'],
      ['step-opened', 'review-land-use-planning-1'],
      ['step-opened', 'review-construction-1'],
      ['step-opened', 'review-real-estate-title-1'],
      ['step-decided', 'review-land-use-planning-1'],
      ['supplement-requested', 'review-construction-1'],
      ['step-opened', 'review-supplement-construction-1'],
      ['step-decided', 'review-real-estate-title-1'],
      ['supplement-resubmitted', 'review-supplement-construction-1'],
      ['step-opened', 'review-construction-2'],
      ['step-decided', 'review-construction-2'],
      ['permits-issued'],
      ['certificates-issued'],
    ]);
    expectTimeline(final.atVerification, [
      ['application-submitted'],
      ['commitment-signed'],
      ['workflow-started'],
      ['step-opened', 'intake-1'],
      ['intake-accepted', 'intake-1'],
      ['step-opened', 'review-real-estate-title-1'],
      ['step-decided', 'review-real-estate-title-1'],
      ['permits-issued'],
      ['certificates-issued'],
      ['step-opened', 'verification-1'],
      ['verification-decided', 'verification-1'],
      ['verification-decided', 'verification-1'],
    ]);
  }, 240_000);
});
