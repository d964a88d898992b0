// The approval workflow end to end, in this process: the state machine synthesized from the CDK app, run by the
// embedded runtime with the real handlers (tasks and API alike) on the shared DynamoDB Local, on a clock the
// test moves through weeks of working days. Every action goes through the HTTP API as a demo user; results are
// read back through GET /applications/{id}, whose deadlines are the SLA clock's readings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { travellingClock } from '#infra/local/clock';
import { actors, ApprovalDriver, documentMeta } from '#infra/local/driver';
import { startPlatform, type Platform } from '#infra/local/platform';
import { standardLandParcels } from '#infra/local/seed';

let platform: Platform;
let drive: ApprovalDriver;
let dataDir: string;
const tableName = `it-workflow-${randomUUID()}`;

/** The platform on the shared DynamoDB Local, its clock starting at `clockStart`. */
async function start(clockStart: string): Promise<void> {
  platform = await startPlatform({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName,
    dataDir,
    port: 0,
    clock: travellingClock(clockStart),
    sweepIntervalMs: 0,
    // Notifications are tested in test/notifications/; here the outbox need not be read.
    outboxIntervalMs: 0,
  });
  drive = ApprovalDriver.at(platform.url);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'one-window-it-'));
  await start('2025-03-01T00:00:00+08:00');
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Moves the platform's clock to a Beijing-time instant and waits for the workflows to catch up. */
const at = (instant: string) => drive.api.setClock(`${instant}+08:00`);

describe('the approval workflow on the embedded runtime', () => {
  it('charges a regular application only the working days the clock ran, not the days paused for a supplement', async () => {
    // Prepare: filed on Monday 3 March 2025; the window asks for a supplement, the enterprise answers on Wednesday.
    await at('2025-03-03T09:00:00');
    const id = await drive.file({ projectName: 'Changchun axle plant' });
    await at('2025-03-03T10:00:00');
    await drive.decideIntake(id, {
      outcome: 'request-supplement',
      missingItems: ['环评批复 (EIA approval)'],
    });
    await at('2025-03-05T10:00:00');
    await drive.supplement(id, { documents: [documentMeta('eia-approval', '环评批复.pdf')] });

    // Act: accepted Thursday 6 March (the 15-day clock starts); housing asks for a supplement on Monday 10 March,
    // the enterprise answers on Thursday 13 March (补正: 3 working days paused); all approve by Monday 17 March.
    await at('2025-03-06T09:00:00');
    await drive.decideIntake(id, { outcome: 'accept' });
    await at('2025-03-07T10:00:00');
    await drive.decideReview(id, 'land-use-planning', { outcome: 'approve' });
    await at('2025-03-10T10:00:00');
    await drive.decideReview(id, 'construction', {
      outcome: 'request-supplement',
      missingItems: ['施工图审查合格书 (construction drawing review)'],
    });
    const paused = await drive.detail(id);
    await at('2025-03-13T10:00:00');
    await drive.supplement(id, { documents: [documentMeta('drawing-review', '施工图审查合格书.pdf')] });
    await at('2025-03-14T10:00:00');
    await drive.decideReview(id, 'construction', { outcome: 'approve' });
    await at('2025-03-17T10:00:00');
    await drive.decideReview(id, 'real-estate-title', { outcome: 'approve' });
    const { application, deadlines, steps } = await drive.detail(id);

    // Assess: 7 working days from acceptance to issuance (7, 10–14, 17 March), 3 of them paused (11–13 March).
    expect(paused.application.status).toBe('in-review');
    expect(paused.deadlines.application).toMatchObject({ paused: true });
    expect(application.status).toBe('issued');
    expect(application.permits?.map((p) => p.basis)).toEqual(['review', 'review', 'review']);
    expect(application.sla).toMatchObject({
      limitWorkingDays: 15,
      workingDaysUsed: 4,
      pausedWorkingDays: 3,
      onTime: true,
    });
    expect(deadlines.application).toMatchObject({
      budgetDays: 15,
      usedDays: 4,
      pausedDays: 3,
      status: 'met',
      paused: false,
    });
    // The supplement at intake came before acceptance: it never touched the application's clock.
    expect(deadlines.application?.pausedIntervals).toEqual([
      expect.objectContaining({ reasons: ['supplement'], workingDays: 3 }),
    ]);
    const construction = steps.filter((s) => s.kind === 'review' && s.permitType === 'construction').at(-1)!;
    expect(deadlines.steps.find((s) => s.stepId === construction.stepId)?.clock).toMatchObject({
      budgetDays: 8,
      usedDays: 3,
      pausedDays: 3,
      status: 'met',
    });
  });

  it('issues standard-land permits on commitment, then revokes them when the verification fails', async () => {
    // Prepare: land acquired Monday 7 April 2025; filed with a signed commitment (承诺书) to parcel CCEDZ-2025-01.
    const parcel = standardLandParcels[0]!;
    await at('2025-04-07T10:00:00');
    const id = await drive.file({
      projectName: 'Changchun battery pack line',
      track: 'standard-land',
      landAcquiredOn: '2025-04-07',
      parcel: { parcelId: parcel.parcelId, areaMu: parcel.areaMu, location: parcel.location },
      commitment: parcel.indicators,
    });

    // Act: accepted Tuesday; the one permit not eligible for 告知承诺 is approved Wednesday, and all are issued.
    await at('2025-04-08T09:30:00');
    await drive.decideIntake(id, { outcome: 'accept' });
    await at('2025-04-09T10:00:00');
    await drive.decideReview(id, 'real-estate-title', { outcome: 'approve' });
    const issued = await drive.detail(id);
    // The verification (承诺核查) opens at issuance; the department has 30 working days for it.
    await at('2025-05-20T09:00:00');
    await drive.decideVerification(id, {
      outcome: 'failed',
      reason: '亩均税收未达承诺 (tax per mu below the commitment)',
    });
    const { application, timeline } = await drive.detail(id);

    // Assess
    expect(issued.application.status).toBe('under-verification');
    expect(issued.application.sla).toMatchObject({ limitWorkingDays: 9, workingDaysUsed: 2, onTime: true });
    expect(issued.steps.map((s) => [s.kind, s.permitType, s.status])).toEqual([
      ['intake', undefined, 'closed'],
      ['review', 'real-estate-title', 'closed'],
      ['verification', undefined, 'open'],
    ]);
    expect(application.status).toBe('revoked');
    expect(
      Object.fromEntries(
        application.permits!.map((p) => [p.permitType, [p.basis, p.revokedAt !== undefined]]),
      ),
    ).toEqual({
      'land-use-planning': ['commitment', true],
      construction: ['commitment', true],
      'real-estate-title': ['review', false],
    });
    expect(timeline.find((e) => e.type === 'permits-revoked')?.detail).toMatchObject({
      permitTypes: ['land-use-planning', 'construction'],
      creditMark: true,
    });
  });

  it('ends an application refused at intake, with no review and no clock', async () => {
    // Prepare
    await at('2025-06-16T09:00:00');
    const id = await drive.file({ projectName: 'Huadu coating works', as: actors.huadu });

    // Act
    await at('2025-06-16T11:00:00');
    await drive.decideIntake(id, {
      outcome: 'refuse',
      reason: '项目不符合园区产业准入目录 (not admissible)',
    });
    const { application, steps, timeline, deadlines } = await drive.detail(id);

    // Assess
    expect(application.status).toBe('refused');
    expect(steps.map((s) => [s.kind, s.status, s.decision?.outcome])).toEqual([
      ['intake', 'closed', 'refused'],
    ]);
    expect(deadlines.application).toBeNull();
    expect(timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['application-submitted', 'intake-refused', 'application-refused']),
    );
    const executions = await drive.api.request<{ executions: { name: string; status: string }[] }>(
      'GET',
      '/local/executions',
    );
    expect(executions.body.executions.find((e) => e.name === id)?.status).toBe('SUCCEEDED');
  });

  it('refuses the application when one department refuses, cancelling the other departments’ steps', async () => {
    // Prepare: accepted Monday 23 June 2025 at 11:00; planning approves on Tuesday.
    await at('2025-06-23T09:00:00');
    const id = await drive.file({ projectName: 'Changchun paint shop' });
    await at('2025-06-23T11:00:00');
    await drive.decideIntake(id, { outcome: 'accept' });
    await at('2025-06-24T10:00:00');
    await drive.decideReview(id, 'land-use-planning', { outcome: 'approve' });
    const sibling = await drive.openStep(id, 'review', 'real-estate-title');

    // Act: housing and construction refuses its permit (不予许可) on Wednesday.
    await at('2025-06-25T10:00:00');
    await drive.decideReview(id, 'construction', {
      outcome: 'reject',
      reason: '不符合消防设计要求 (fire safety)',
    });
    const { application, steps, timeline, deadlines } = await drive.detail(id);
    const late = await drive.api.call(
      actors.realEstate,
      'POST',
      `/applications/${id}/steps/${sibling.stepId}/decision`,
      { outcome: 'approve' },
    );
    const inbox = await drive.api.ok<{ items: { stepId: string; applicationId: string }[] }>(
      actors.realEstate,
      'GET',
      '/inbox',
    );

    // Assess: refused after 2 working days (24 and 25 June) of its 15.
    expect(application.status).toBe('refused');
    expect(steps.find((s) => s.stepId === sibling.stepId)?.status).toBe('cancelled');
    expect(timeline.filter((e) => e.type === 'step-cancelled').map((e) => e.stepId)).toEqual([
      sibling.stepId,
    ]);
    expect(application.sla).toMatchObject({ limitWorkingDays: 15, workingDaysUsed: 2 });
    expect(deadlines.application).toMatchObject({ usedDays: 2, status: 'met' });
    expect(late.status).toBe(409);
    expect(inbox.items.some((item) => item.applicationId === id)).toBe(false);
  });

  it('resumes the applications in flight when the platform stops and starts again on the same data', async () => {
    // Prepare: one application accepted, one of its three reviews decided, when the platform stops.
    await at('2025-07-07T09:00:00');
    const id = await drive.file({ projectName: 'Changchun foundry' });
    await drive.decideIntake(id, { outcome: 'accept' });
    await at('2025-07-08T10:00:00');
    await drive.decideReview(id, 'construction', { outcome: 'approve' });
    await platform.stop();

    // Act
    await start('2025-07-09T09:00:00+08:00');
    const resumed = platform.resumed;
    await at('2025-07-09T10:00:00');
    await drive.decideReview(id, 'land-use-planning', { outcome: 'approve' });
    await drive.decideReview(id, 'real-estate-title', { outcome: 'approve' });
    const { application, timeline } = await drive.detail(id);

    // Assess
    expect(resumed).toContain(id);
    expect(application.status).toBe('issued');
    expect(application.sla).toMatchObject({ workingDaysUsed: 2, onTime: true });
    expect(
      timeline
        .filter((e) => e.type === 'step-opened')
        .map((e) => e.stepId)
        .sort(),
    ).toEqual([
      'intake-1',
      'review-construction-1',
      'review-land-use-planning-1',
      'review-real-estate-title-1',
    ]);
  });
});

describe('the service configuration on the embedded runtime (permit catalogue, time limits)', () => {
  interface ConfigView {
    revision: number;
    config: { permits: Record<string, unknown>[]; limits: Record<string, number> } & Record<string, unknown>;
    changes?: { changed: string[]; actor: { userId: string }; fromRevision: number; toRevision: number }[];
  }
  const readConfig = () => drive.api.ok<ConfigView>(actors.admin, 'GET', '/admin/service-config');
  const writeConfig = async (view: ConfigView, config: ConfigView['config'], key: string) => {
    await drive.api.ok(
      actors.admin,
      'PUT',
      '/admin/service-config',
      { expectedRevision: view.revision, config, note: key },
      { 'idempotency-key': key },
    );
  };
  const stepBudget = (detail: Awaited<ReturnType<ApprovalDriver['detail']>>, permitType: string) =>
    detail.steps.find((s) => s.kind === 'review' && s.permitType === permitType)?.budgetDays;

  it('applies a changed budget and limit to applications accepted afterwards, not to those already running', async () => {
    // Prepare: A is accepted under the defaults (15 days, construction reviewed in 8); B is filed but not yet
    // accepted when the administrator shortens the regular limit to 12 and construction's review to 3.
    await at('2025-09-01T09:00:00');
    const running = await drive.file({ projectName: 'Config budget A' });
    await drive.decideIntake(running, { outcome: 'accept' });
    const later = await drive.file({ projectName: 'Config budget B' });
    await at('2025-09-01T11:00:00');
    const before = await readConfig();
    await writeConfig(
      before,
      {
        ...before.config,
        limits: { ...before.config.limits, regular: 12 },
        permits: before.config.permits.map((p) =>
          p.permitType === 'construction' ? { ...p, reviewBudgetDays: { regular: 3 } } : p,
        ),
      },
      'shorter-construction-review',
    );

    // Act: B is accepted after the change; both are reviewed and issued after it.
    await at('2025-09-02T09:00:00');
    await drive.decideIntake(later, { outcome: 'accept' });
    const reviewing = { running: await drive.detail(running), later: await drive.detail(later) };
    await at('2025-09-03T10:00:00');
    for (const id of [running, later]) {
      for (const permitType of ['land-use-planning', 'construction', 'real-estate-title']) {
        await drive.decideReview(id, permitType, { outcome: 'approve' });
      }
    }
    const issued = { running: await drive.detail(running), later: await drive.detail(later) };
    const after = await readConfig();

    // Assess: A keeps the version it was accepted under, to issuance; B has the new one.
    expect(reviewing.running.application.configRevision).toBe(before.revision);
    expect(reviewing.later.application.configRevision).toBe(before.revision + 1);
    expect(stepBudget(reviewing.running, 'construction')).toBe(8);
    expect(stepBudget(reviewing.later, 'construction')).toBe(3);
    expect(stepBudget(reviewing.later, 'land-use-planning')).toBe(8);
    expect(reviewing.running.deadlines.application).toMatchObject({ budgetDays: 15 });
    expect(reviewing.later.deadlines.application).toMatchObject({ budgetDays: 12 });
    expect(issued.running.application).toMatchObject({ status: 'issued', sla: { limitWorkingDays: 15 } });
    expect(issued.later.application).toMatchObject({ status: 'issued', sla: { limitWorkingDays: 12 } });
    // The change is audited with who made it and what changed.
    expect(after.revision).toBe(before.revision + 1);
    expect(after.changes?.[0]).toMatchObject({
      actor: { userId: actors.admin },
      fromRevision: before.revision,
      toRevision: before.revision + 1,
      changed: expect.arrayContaining(['limits.regular', 'permits.construction.reviewBudgetDays']),
    });
  });

  it('lets a permit added to the catalogue be applied for, reviewed and issued without a code change', async () => {
    // Prepare: 特殊建设工程消防设计审查 is not in the catalogue, so filing for it is refused.
    await at('2025-09-08T09:00:00');
    const filing = (projectName: string) => ({
      projectName,
      projectType: 'industrial-plant',
      track: 'regular',
      landParcel: { parcelId: 'GEN-002', areaMu: 40, location: '工业园区' },
      investmentYuan: 60_000_000,
      requiredPermits: ['land-use-planning', 'fire-design-review'],
      documents: [
        documentMeta('site-plan', '总平面图.pdf'),
        documentMeta('business-licence', '营业执照.pdf'),
      ],
    });
    const refused = await drive.api.call<{ error: { code: string } }>(
      actors.changchun,
      'POST',
      '/applications',
      filing('Fire review before'),
    );
    const before = await readConfig();
    await writeConfig(
      before,
      {
        ...before.config,
        permits: [
          ...before.config.permits,
          {
            permitType: 'fire-design-review',
            name: '特殊建设工程消防设计审查意见书',
            certificatePrefix: 'XFSC',
            department: 'housing-construction',
            reviewBudgetDays: { regular: 5 },
            byCommitment: false,
            documents: [
              { kind: 'business-licence', mandatory: true, tolerable: false },
              { kind: 'fire-safety-plan', name: '消防设计文件', mandatory: true, tolerable: true },
            ],
          },
        ],
      },
      'add-fire-design-review',
    );

    // Act: filed, accepted with the fire design tolerated (容缺), reviewed by housing and construction, issued.
    const id = await drive.api
      .ok<{ applicationId: string }>(actors.changchun, 'POST', '/applications', filing('Fire review after'), {
        'idempotency-key': 'fire-review-after',
      })
      .then((created) => created.applicationId);
    await drive.api.settled();
    await at('2025-09-08T10:00:00');
    await drive.decideIntake(id, {
      outcome: 'accept-with-gaps',
      gaps: [{ documentKind: 'fire-safety-plan', dueOn: '2025-09-12' }],
    });
    const reviewing = await drive.detail(id);
    await at('2025-09-09T10:00:00');
    await drive.decideReview(id, 'fire-design-review', { outcome: 'approve' });
    await drive.decideReview(id, 'land-use-planning', { outcome: 'approve' });
    await drive.supplement(id, {
      documents: [documentMeta('fire-safety-plan', '消防设计文件.pdf')],
      closesGaps: ['fire-safety-plan'],
    });
    const { application } = await drive.detail(id);
    const permits = await drive.api.ok<{
      permits: { permitType: string; name: string; certificateNo: string }[];
    }>(actors.changchun, 'GET', `/applications/${id}/permits`);

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PERMIT_NOT_IN_CATALOGUE');
    expect(reviewing.steps.find((s) => s.permitType === 'fire-design-review')).toMatchObject({
      department: 'housing-construction',
      budgetDays: 5,
      status: 'open',
    });
    expect(application.status).toBe('issued');
    expect(permits.permits.find((p) => p.permitType === 'fire-design-review')).toMatchObject({
      name: '特殊建设工程消防设计审查意见书',
      certificateNo: expect.stringMatching(/^XFSC-2025-[0-9A-F]{12}$/),
    });
  });
});
