// Origin verification in the embedded runtime (#16, finding 4): the check is on locally as in the cloud. The
// runtime's configuration names the value's file in its data folder, its HTTP API (playing CloudFront) adds the
// header, so everything reached over HTTP works; a handler reached any other way is refused with 403.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actors, ApprovalDriver } from '#infra/local/driver';
import { startPlatform, type Platform } from '#infra/local/platform';
import { createHandler } from '#services/documents/handlers/verify-certificate';
import { apiEvent, invoke } from '#test/support/http';

let platform: Platform;
let drive: ApprovalDriver;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'one-window-origin-'));
  platform = await startPlatform({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `origin-${randomUUID()}`,
    dataDir,
    port: 0,
    sweepIntervalMs: 0,
  });
  drive = ApprovalDriver.at(platform.url);
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('origin verification in the embedded runtime', () => {
  it('is configured on: the value lives in the data folder', () => {
    expect(process.env.ORIGIN_VERIFY_SECRET_FILE).toBe(join(dataDir, 'origin-verify'));
    expect(process.env.ORIGIN_VERIFY_SECRET_ARN).toBeUndefined();
    expect(readFileSync(join(dataDir, 'origin-verify'), 'utf8').length).toBeGreaterThanOrEqual(43);
  });

  it('lets every request over HTTP through, public and signed-in, a forged header included', async () => {
    // Act
    const answers = [
      await drive.api.call(undefined, 'GET', '/verify/NO-SUCH-CERTIFICATE'),
      await drive.api.call(actors.clerk, 'GET', '/inbox'),
    ];
    const forged = await fetch(`${platform.url}/verify/NO-SUCH-CERTIFICATE`, {
      headers: { 'x-origin-verify': 'guess' },
    });

    // Assess: the unknown certificate is answered (status "unknown"), not refused.
    expect([...answers.map((a) => a.status), forged.status]).toEqual([200, 200, 200]);
  });

  it('refuses with 403 a handler reached without the header, and lets the same request with it through', async () => {
    // Prepare
    const handler = createHandler();
    const value = readFileSync(join(dataDir, 'origin-verify'), 'utf8').trim();
    const request = (headers: Record<string, string>) =>
      apiEvent({ path: '/verify/NO-SUCH', pathParameters: { certificateNo: 'NO-SUCH' }, headers });

    // Act
    const without = await invoke(handler, request({}));
    const forged = await invoke(handler, request({ 'x-origin-verify': 'guess' }));
    const through = await invoke(handler, request({ 'x-origin-verify': value }));

    // Assess
    expect([without.statusCode, forged.statusCode]).toEqual([403, 403]);
    expect(through.statusCode).not.toBe(403);
  });
});
