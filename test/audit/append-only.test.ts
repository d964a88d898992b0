// The audit log is append-only, and every event says who, for whom, when and what changed — shown on whole
// lifecycles of the platform in this process (the embedded runtime: real handlers, the synthesized state
// machine, the sweeper), with every DynamoDB request recorded on its way to DynamoDB Local. Whatever code path
// wrote, no request updated or deleted an event (`EVT#` item), every event was put only if it did not exist,
// and nothing but idempotency records was ever deleted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { travellingClock } from '#infra/local/clock';
import { actors, ApprovalDriver, documentMeta } from '#infra/local/driver';
import { startPlatform, type Platform } from '#infra/local/platform';
import { demoEnterprises, standardLandParcels } from '#infra/local/seed';
import { createDocumentClient } from '#shared/data/client';
import { DynamoDbRepository } from '#shared/data/repository';
import { roles, type Application, type AuditEvent } from '#shared/model';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

let proxy: RecordingProxy;
let platform: Platform;
let drive: ApprovalDriver;
let dataDir: string;
let repository: DynamoDbRepository;
const tableName = `audit-${randomUUID()}`;
const filed: string[] = [];

const at = (instant: string) => drive.api.setClock(`${instant}+08:00`);

beforeAll(async () => {
  proxy = await startRecordingProxy(inject('dynamoEndpoint'));
  dataDir = mkdtempSync(join(tmpdir(), 'one-window-audit-'));
  platform = await startPlatform({
    dynamoEndpoint: proxy.endpoint,
    tableName,
    dataDir,
    port: 0,
    clock: travellingClock('2025-03-03T08:00:00+08:00'),
    sweepIntervalMs: 0,
  });
  drive = ApprovalDriver.at(platform.url);
  repository = new DynamoDbRepository({
    client: createDocumentClient({ endpoint: inject('dynamoEndpoint') }),
    tableName,
  });

  // A regular application filed by the agency officer for an enterprise (代办), with a supplement at intake
  // answered by the officer, a supplement during review, a duplicate decision (409, redelivered), issuance.
  const changchun = demoEnterprises[0]!.enterpriseId;
  await at('2025-03-03T09:00:00');
  const agencyFiled = await drive.file({
    projectName: 'Audit gearbox plant',
    as: actors.agent,
    enterpriseId: changchun,
    investmentYuan: 300_000_000,
  });
  filed.push(agencyFiled);
  await drive.decideIntake(agencyFiled, { outcome: 'request-supplement', missingItems: ['环评批复'] });
  await at('2025-03-04T10:00:00');
  await drive.supplement(
    agencyFiled,
    { documents: [documentMeta('eia-approval', '环评批复.pdf')] },
    actors.agent,
  );
  await at('2025-03-05T09:00:00');
  await drive.decideIntake(agencyFiled, { outcome: 'accept' });
  await drive.decideReview(agencyFiled, 'land-use-planning', { outcome: 'approve' });
  const decided = (await drive.detail(agencyFiled)).steps.find(
    (s) => s.kind === 'review' && s.permitType === 'land-use-planning',
  )!;
  const duplicate = await drive.api.call(
    actors.naturalResources,
    'POST',
    `/applications/${agencyFiled}/steps/${decided.stepId}/decision`,
    { outcome: 'approve' },
  );
  expect(duplicate.status).toBe(409);
  await drive.decideReview(agencyFiled, 'construction', {
    outcome: 'request-supplement',
    missingItems: ['施工图审查合格书'],
  });
  await at('2025-03-06T10:00:00');
  await drive.supplement(agencyFiled, { documents: [documentMeta('drawing-review', '施工图审查.pdf')] });
  await drive.decideReview(agencyFiled, 'construction', { outcome: 'approve' });
  await drive.decideReview(agencyFiled, 'real-estate-title', { outcome: 'approve' });

  // Standard land on commitment, then a failed verification: permits revoked, credit mark.
  const parcel = standardLandParcels[0]!;
  await at('2025-04-07T10:00:00');
  const standardLand = await drive.file({
    projectName: 'Audit battery line',
    track: 'standard-land',
    landAcquiredOn: '2025-04-07',
    parcel: { parcelId: parcel.parcelId, areaMu: parcel.areaMu, location: parcel.location },
    commitment: parcel.indicators,
  });
  filed.push(standardLand);
  await drive.decideIntake(standardLand, { outcome: 'accept' });
  await drive.decideReview(standardLand, 'real-estate-title', { outcome: 'approve' });
  await at('2025-05-20T09:00:00');
  await drive.decideVerification(standardLand, { outcome: 'failed', reason: '亩均税收未达承诺' });

  // A department refuses: the application is refused, the sibling reviews cancelled.
  await at('2025-06-23T09:00:00');
  const refused = await drive.file({ projectName: 'Audit paint shop', as: actors.huadu });
  filed.push(refused);
  await drive.decideIntake(refused, { outcome: 'accept' });
  await drive.decideReview(refused, 'construction', { outcome: 'reject', reason: '不符合消防设计要求' });

  // Left undecided at intake: the sweeper warns, escalates and, after 5 working days, deems it accepted
  // (Art. 32).
  await at('2025-07-07T09:00:00');
  const neglected = await drive.file({ projectName: 'Audit neglected foundry' });
  filed.push(neglected);
  for (const day of ['2025-07-08T12:00:00', '2025-07-09T12:00:00', '2025-07-16T12:00:00']) {
    await at(day);
    await drive.api.request('POST', '/local/sweep');
    await drive.api.settled();
  }
}, 240_000);

afterAll(async () => {
  await platform?.stop();
  await proxy?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the audit log on whole lifecycles', () => {
  it('is never updated or deleted: no request touches an event but to add it', () => {
    // Act
    const writes = proxy.writes();
    const onEvents = writes.filter((write) => write.sk.startsWith('EVT#'));

    // Assess
    expect(onEvents.length).toBeGreaterThan(50);
    expect(onEvents.filter((write) => write.kind !== 'Put')).toEqual([]);
    for (const write of onEvents) expect(write.condition).toMatch(/^attribute_not_exists\(/);
  });

  it('deletes nothing but idempotency records', () => {
    const deletes = proxy.writes().filter((write) => write.kind === 'Delete');

    for (const write of deletes) expect(write.pk).toMatch(/^IDEM#/);
  });

  it('names on every event who acted, in which role, and when', async () => {
    for (const applicationId of filed) {
      // Act
      const timeline = await repository.getTimeline(applicationId);

      // Assess
      expect(timeline.length).toBeGreaterThan(2);
      for (const event of timeline) {
        expect(event.actor.userId, event.type).not.toBe('');
        expect([...roles, 'system']).toContain(event.actor.role);
        expect(new Date(event.at).toISOString()).toBe(event.at);
      }
    }
  });

  it('says on whose behalf an agency officer acted, on each of its events', async () => {
    // Prepare
    const [agencyFiled] = filed;
    const application = await repository.getApplication(agencyFiled!);

    // Act
    const timeline = await repository.getTimeline(agencyFiled!);
    const byOfficer = timeline.filter((event) => event.actor.role === 'agency-officer');

    // Assess: filing, the officer's assignment, the workflow start and the answer to the supplement request.
    expect(byOfficer.map((event) => event.type)).toEqual(
      expect.arrayContaining(['application-submitted', 'agency-officer-assigned', 'supplement-resubmitted']),
    );
    for (const event of byOfficer) expect(event.onBehalfOf, event.type).toBe(application.enterpriseId);
  });

  it('records every change of an application status as an event from the old status to the new', async () => {
    for (const applicationId of filed) {
      // Act
      const [application, timeline] = await Promise.all([
        repository.getApplication(applicationId),
        repository.getTimeline(applicationId),
      ]);

      // Assess
      expect(statusChain(timeline), applicationId).toEqual({ ok: true, last: application.status });
    }
    const finals = await Promise.all(filed.map((id) => repository.getApplication(id)));
    expect(finals.map((a: Application) => a.status).slice(0, 3)).toEqual(['issued', 'revoked', 'refused']);
    // The sweeper wrote on the neglected one, as the system.
    const swept = await repository.getTimeline(filed[3]!);
    expect(
      swept.filter((e) => e.actor.role === 'system' && /warned|escalated|deemed/.test(e.type)).length,
    ).toBeGreaterThan(0);
  });
});

/**
 * Walks the events that change the status, in timeline order: each must start where the previous one ended,
 * the first must be the submission. A status change without its event breaks the chain.
 */
function statusChain(
  timeline: readonly AuditEvent[],
): { ok: true; last: string } | { ok: false; at: string } {
  let current: string | undefined;
  for (const event of timeline) {
    if (event.toStatus === undefined) continue;
    if (event.fromStatus === undefined) {
      if (current !== undefined || event.type !== 'application-submitted')
        return { ok: false, at: event.eventId };
      current = event.toStatus;
      continue;
    }
    if (event.fromStatus !== current) return { ok: false, at: event.eventId };
    current = event.toStatus;
  }
  return current === undefined ? { ok: false, at: 'no submission' } : { ok: true, last: current };
}
