// Complete lifecycles through the running platform: `tsx infra/local/main.ts` as a child process, driven over
// HTTP only, as a portal or a script would. Both tracks, a supplement loop with the clock paused, tolerated gaps
// (容缺) closed before issuance, full-process agency (全程代办), a refusal, the SLA sweeper, and what the local
// API Gateway does before any handler runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, documentMeta, type ApprovalDriver } from '#infra/local/driver';
import { standardLandParcels } from '#infra/local/seed';
import type { RuntimeProcess } from '#infra/local/spawn-runtime';
import { request as httpRequest } from 'node:http';
import { isLoopback, listeningSocketsOfGroup } from '#test/support/listening-sockets';
import { beijing, expectTimeline, startRuntime, temporaryDataDir } from './support.ts';

let runtime: RuntimeProcess;
let drive: ApprovalDriver;
const dataDir = temporaryDataDir();

beforeAll(async () => {
  ({ runtime, drive } = await startRuntime(dataDir.path));
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  dataDir.remove();
});

const at = (instant: string) => drive.api.setClock(beijing(instant));

/**
 * The supplement request (补正) the enterprise was e-mailed about this application: the complete list and the
 * link to answer it, read from the runtime's mail sink (GET /local/mail) once the outbox has delivered.
 */
async function supplementLinkFromMail(applicationId: string): Promise<URL> {
  await drive.api.request('POST', '/local/outbox/drain');
  const { body } = await drive.api.request<{ messages: { subject: string; text: string }[] }>(
    'GET',
    `/local/mail?to=${encodeURIComponent('enterprise.changchun@one-window.local')}`,
  );
  const mail = body.messages.find(
    (m) => m.subject.startsWith('请补正材料') && m.text.includes(applicationId),
  );
  expect(mail, 'the supplement request e-mail').toBeDefined();
  expect(mail!.text).toContain('1. 施工图审查合格书 (construction drawing review)');
  const [link] = mail!.text.match(/https?:\/\/\S+\/supplement/) ?? [];
  expect(link).toBeDefined();
  return new URL(link!);
}

describe('the platform, driven over HTTP', () => {
  it('issues a regular application after a supplement loop and tolerated gaps, charging only running days', async () => {
    // Prepare: accepted with one tolerated gap (容缺) on Monday 3 March 2025.
    await at('2025-03-03T09:00:00');
    const id = await drive.file({ projectName: 'Changchun gearbox plant' });
    await at('2025-03-03T11:00:00');
    await drive.decideIntake(id, {
      outcome: 'accept-with-gaps',
      gaps: [{ documentKind: 'fire-safety-plan', dueOn: '2025-03-14' }],
    });

    // Act: housing asks for a supplement on Wednesday, answered on Friday (补正: 6 and 7 March paused); the gap
    // is closed on Monday; the last approvals come on Tuesday and Wednesday.
    await at('2025-03-04T10:00:00');
    await drive.decideReview(id, 'land-use-planning', { outcome: 'approve' });
    await at('2025-03-05T10:00:00');
    await drive.decideReview(id, 'construction', {
      outcome: 'request-supplement',
      missingItems: ['施工图审查合格书 (construction drawing review)'],
    });
    const paused = await drive.detail(id);
    await at('2025-03-07T10:00:00');
    // The enterprise answers from the e-mail it got (the runtime's SMTP sink), through the link in it.
    const link = await supplementLinkFromMail(id);
    expect(link.origin).toBe(new URL(drive.api.baseUrl).origin);
    await drive.api.ok(actors.changchun, 'POST', link.pathname, {
      documents: [documentMeta('drawing-review', '施工图审查合格书.pdf')],
    });
    await drive.api.settled();
    await at('2025-03-10T10:00:00');
    await drive.supplement(id, {
      documents: [documentMeta('fire-safety-plan', '消防设计方案.pdf')],
      closesGaps: ['fire-safety-plan'],
    });
    await at('2025-03-11T10:00:00');
    await drive.decideReview(id, 'construction', { outcome: 'approve' });
    await at('2025-03-12T10:00:00');
    await drive.decideReview(id, 'real-estate-title', { outcome: 'approve' });
    const detail = await drive.detail(id);
    const permits = await drive.api.ok<{ permits: { permitType: string; basis: string }[] }>(
      actors.changchun,
      'GET',
      `/applications/${id}/permits`,
    );

    // Assess: 7 working days from acceptance to issuance (4–7, 10–12 March), 2 of them paused.
    expect(paused.application.status).toBe('in-review');
    expect(paused.deadlines.application).toMatchObject({ paused: true });
    expect(detail.application.status).toBe('issued');
    expect(detail.application.sla).toMatchObject({
      limitWorkingDays: 15,
      workingDaysUsed: 5,
      pausedWorkingDays: 2,
      onTime: true,
    });
    expect(detail.deadlines.application).toMatchObject({ usedDays: 5, pausedDays: 2, status: 'met' });
    expect(detail.application.toleratedGaps).toEqual([
      expect.objectContaining({ documentKind: 'fire-safety-plan', closedAt: expect.any(String) }),
    ]);
    expect(permits.permits.map((p) => [p.permitType, p.basis])).toEqual([
      ['land-use-planning', 'review'],
      ['construction', 'review'],
      ['real-estate-title', 'review'],
    ]);
    expectTimeline(detail, [
      ['application-submitted'],
      ['workflow-started'],
      ['step-opened', 'intake-1'],
      ['intake-accepted-with-gaps', 'intake-1'],
      ['step-opened', 'review-land-use-planning-1'],
      ['step-opened', 'review-construction-1'],
      ['step-opened', 'review-real-estate-title-1'],
      ['step-decided', 'review-land-use-planning-1'],
      ['supplement-requested', 'review-construction-1'],
      ['step-opened', 'review-supplement-construction-1'],
      ['supplement-resubmitted', 'review-supplement-construction-1'],
      ['step-opened', 'review-construction-2'],
      ['gap-closed'],
      ['step-decided', 'review-construction-2'],
      ['step-decided', 'review-real-estate-title-1'],
      ['permits-issued'],
      ['certificates-issued'],
    ]);
  });

  it('holds the joint issuance while a tolerated gap is open, and issues once the enterprise closes it', async () => {
    // Prepare: accepted with a gap (容缺) due on 21 March; every department approves by 13 March.
    await at('2025-03-12T11:00:00');
    const id = await drive.file({
      projectName: 'Changchun stamping plant',
      requiredPermits: ['construction'],
    });
    await drive.decideIntake(id, {
      outcome: 'accept-with-gaps',
      gaps: [{ documentKind: 'energy-assessment', dueOn: '2025-03-21' }],
    });
    await at('2025-03-13T10:00:00');
    await drive.decideReview(id, 'construction', { outcome: 'approve' });
    const waiting = await drive.detail(id);

    // Act: the enterprise sends the document on Monday 17 March.
    await at('2025-03-17T10:00:00');
    await drive.supplement(id, {
      documents: [documentMeta('energy-assessment', '节能评估报告.pdf')],
      closesGaps: ['energy-assessment'],
    });
    const detail = await drive.detail(id);

    // Assess: gaps do not stop the clock: 3 working days (13, 14, 17 March), none paused.
    expect(waiting.application.status).not.toBe('issued');
    expect(waiting.steps.filter((s) => s.status === 'open').map((s) => s.kind)).toEqual(['gap-closure']);
    expect(detail.application.status).toBe('issued');
    expect(detail.application.sla).toMatchObject({ workingDaysUsed: 3, pausedWorkingDays: 0, onTime: true });
    expectTimeline(detail, [
      ['application-submitted'],
      ['workflow-started'],
      ['step-opened', 'intake-1'],
      ['intake-accepted-with-gaps', 'intake-1'],
      ['step-opened', 'review-construction-1'],
      ['step-decided', 'review-construction-1'],
      ['step-opened', 'gap-closure-1'],
      ['gap-closed', 'gap-closure-1'],
      ['permits-issued'],
      ['certificates-issued'],
    ]);
  });

  it('issues standard land on commitment for an agency officer’s enterprise and closes it when verified', async () => {
    // Prepare: land acquired Thursday 3 April 2025, the day before the Qingming holiday (4–6 April).
    const parcel = standardLandParcels[2]!;
    await at('2025-04-07T09:00:00');
    const id = await drive.file({
      as: actors.agent,
      enterpriseId: 'ent-huadu-new-materials',
      projectName: 'Huadu composite panels',
      track: 'standard-land',
      landAcquiredOn: '2025-04-03',
      parcel: { parcelId: parcel.parcelId, areaMu: parcel.areaMu, location: parcel.location },
      requiredPermits: ['land-use-planning', 'engineering-planning', 'construction'],
      commitment: parcel.indicators,
      investmentYuan: 320_000_000,
    });

    // Act: every permit goes by commitment (告知承诺): accepted and issued on Monday 7 April.
    await at('2025-04-07T14:00:00');
    await drive.decideIntake(id, { outcome: 'accept' });
    const issued = await drive.detail(id);
    await at('2025-05-06T10:00:00');
    await drive.decideVerification(id, { outcome: 'passed' });
    const detail = await drive.detail(id);

    // Assess: one working day charged (7 April): the holiday and the weekend after the land was acquired are not.
    expect(issued.application.status).toBe('under-verification');
    expect(issued.application.sla).toMatchObject({ limitWorkingDays: 9, workingDaysUsed: 1, onTime: true });
    expect(issued.application.permits?.every((p) => p.basis === 'commitment')).toBe(true);
    expect(detail.application.status).toBe('verified');
    expect(detail.timeline.find((e) => e.type === 'application-submitted')).toMatchObject({
      actor: { userId: actors.agent, role: 'agency-officer' },
      onBehalfOf: 'ent-huadu-new-materials',
    });
    expectTimeline(detail, [
      ['application-submitted'],
      ['agency-officer-assigned'],
      ['commitment-signed'],
      ['workflow-started'],
      ['step-opened', 'intake-1'],
      ['intake-accepted', 'intake-1'],
      ['permits-issued'],
      ['certificates-issued'],
      ['step-opened', 'verification-1'],
      ['verification-decided', 'verification-1'],
      ['verification-decided', 'verification-1'],
    ]);
  });

  it('refuses at intake, and escalates an intake left undecided past its budget', async () => {
    // Prepare
    await at('2025-06-09T09:00:00');
    const refused = await drive.file({ projectName: 'Huadu smelter', as: actors.huadu });
    const waiting = await drive.file({ projectName: 'Huadu warehouse', as: actors.huadu });

    // Act: one is refused at once; the other waits at the window for three working days, then the sweeper runs.
    await drive.decideIntake(refused, { outcome: 'refuse', reason: '高耗能项目不予受理 (energy intensive)' });
    await at('2025-06-12T10:00:00');
    const sweep = await drive.api.request('POST', '/local/sweep');
    const escalated = await drive.detail(waiting);
    const detail = await drive.detail(refused);

    // Assess
    expect(detail.application.status).toBe('refused');
    expect(detail.steps.map((s) => [s.stepId, s.status])).toEqual([['intake-1', 'closed']]);
    expectTimeline(detail, [
      ['application-submitted'],
      ['workflow-started'],
      ['step-opened', 'intake-1'],
      ['intake-refused', 'intake-1'],
      ['application-refused', 'intake-1'],
    ]);
    expect(sweep.status).toBe(200);
    expect(escalated.steps[0]).toMatchObject({ stepId: 'intake-1', status: 'open', slaStatus: 'red' });
    expect(escalated.timeline.map((e) => e.type)).toContain('step-escalated');
  });

  it('answers as API Gateway does before a handler runs: 401 without a valid token, 404 off the routes', async () => {
    // Act
    const anonymous = await drive.api.request('GET', '/applications');
    const forged = await drive.api.request('GET', '/applications', undefined, {
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    });
    const unknown = await drive.api.request('GET', '/no-such-route');
    const openapi = await drive.api.request<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/openapi.json',
    );

    // Assess
    expect([anonymous.status, anonymous.body]).toEqual([401, { message: 'Unauthorized' }]);
    expect(forged.status).toBe(401);
    expect([unknown.status, unknown.body]).toEqual([404, { message: 'Not Found' }]);
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(openapi.body.paths)).toContain('/applications/{applicationId}/intake-decision');
  });

  it('listens on loopback only, answers only loopback host names, and takes only JSON on local routes', async () => {
    // Prepare: a raw request, so the Host header is ours to choose (as a DNS-rebinding page's would be).
    const { port } = new URL(runtime.url);
    const send = (method: string, path: string, headers: Record<string, string>, body = '') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const before = (await drive.api.request<{ now: string }>('GET', '/local/clock')).body.now;

    // Act
    const sockets = listeningSocketsOfGroup(runtime.child.pid!);
    const rebound = await send('GET', '/local/tokens', { host: `rebind.example:${port}` });
    const reboundApi = await send('GET', '/openapi.json', { host: 'rebind.example' });
    const loopbackNames = await Promise.all(
      ['localhost', '127.0.0.1', '[::1]'].map((host) =>
        send('GET', '/local/clock', { host: `${host}:${port}` }),
      ),
    );
    const form = await send(
      'POST',
      '/local/clock',
      { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' },
      'to=2030-01-01T00%3A00%3A00Z',
    );
    const text = await send(
      'POST',
      '/local/clock',
      { host: `127.0.0.1:${port}`, 'content-type': 'text/plain' },
      JSON.stringify({ to: '2030-01-01T00:00:00Z' }),
    );
    const after = (await drive.api.request<{ now: string }>('GET', '/local/clock')).body.now;

    // Assess: the HTTP API, the Step Functions endpoint and DynamoDB Local all listen, all on loopback.
    expect(sockets.length).toBeGreaterThanOrEqual(3);
    expect(sockets.filter((socket) => !isLoopback(socket.address))).toEqual([]);
    expect([rebound.status, reboundApi.status]).toEqual([421, 421]);
    expect(rebound.body).not.toContain('token');
    expect(loopbackNames.map((r) => r.status)).toEqual([200, 200, 200]);
    expect([form.status, text.status]).toEqual([415, 415]);
    // The clock travels on with real time, but was not moved to 2030.
    expect(Date.parse(after) - Date.parse(before)).toBeLessThan(60_000);
  });
});
