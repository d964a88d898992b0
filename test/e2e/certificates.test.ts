// Documents and certificates (电子证照) through the running platform (`tsx infra/local/main.ts` as a child
// process, its own s3rver and DynamoDB Local), over HTTP only: the enterprise uploads real files through presigned
// URLs, the clerk opens them, the permits are issued on commitment; each certificate PDF is downloaded, its first
// page rendered (pdftoppm) and its QR code read (jsQR), the code's URL is checked without a token; a failed
// commitment verification turns every certificate issued on commitment `revoked` at once. One page is kept as a
// PNG in .local/screenshots/ (git-ignored) to look at.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, type ApprovalDriver } from '#infra/local/driver';
import { projectRoot } from '#infra/local/platform';
import { standardLandParcels } from '#infra/local/seed';
import type { RuntimeProcess } from '#infra/local/spawn-runtime';
import { pdfText, readQrCode, renderFirstPage } from '#test/support/pdf-page';
import { beijing, startRuntime, temporaryDataDir } from './support.ts';

let runtime: RuntimeProcess;
let drive: ApprovalDriver;
const dataDir = temporaryDataDir();
export const screenshotDir = join(projectRoot, '.local', 'screenshots');

beforeAll(async () => {
  ({ runtime, drive } = await startRuntime(dataDir.path));
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  dataDir.remove();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const at = (instant: string) => drive.api.setClock(beijing(instant));

/** A real one-page PDF and a real PNG, as an enterprise would upload them. */
async function realFiles(): Promise<
  { name: string; kind: string; contentType: string; bytes: Uint8Array }[]
> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Site plan, parcel CC-STD-03', { x: 60, y: 760, size: 18 });
  const image = new PNG({ width: 64, height: 64 });
  image.data.fill(200);
  return [
    { name: '总平面图.pdf', kind: 'site-plan', contentType: 'application/pdf', bytes: await doc.save() },
    { name: '地块照片.png', kind: 'site-photo', contentType: 'image/png', bytes: PNG.sync.write(image) },
  ];
}

describe('documents and certificates, driven over HTTP', () => {
  it('uploads real files, issues signed certificates whose QR codes verify, and shows them revoked after a failed verification', async () => {
    // Prepare: a standard-land application filed by the agency officer for Huadu (all permits on commitment).
    const parcel = standardLandParcels[2]!;
    await at('2025-04-07T09:00:00');
    const id = await drive.file({
      as: actors.agent,
      enterpriseId: 'ent-huadu-new-materials',
      projectName: '花都复合材料面板厂 (Huadu composite panels)',
      track: 'standard-land',
      landAcquiredOn: '2025-04-03',
      parcel: { parcelId: parcel.parcelId, areaMu: parcel.areaMu, location: parcel.location },
      requiredPermits: ['land-use-planning', 'engineering-planning', 'construction'],
      commitment: parcel.indicators,
      investmentYuan: 320_000_000,
    });

    // Act 1: the enterprise uploads two real files straight to storage, confirms them; the clerk downloads one.
    const uploaded: { documentId: string; sha256: string }[] = [];
    for (const file of await realFiles()) {
      const ticket = await drive.api.ok<{
        document: { documentId: string; version: number };
        upload: { url: string; headers: Record<string, string> };
      }>(actors.huadu, 'POST', `/applications/${id}/documents`, {
        kind: file.kind,
        name: file.name,
        sizeBytes: file.bytes.byteLength,
        sha256: sha256(file.bytes),
        contentType: file.contentType,
      });
      const put = await fetch(ticket.upload.url, {
        method: 'PUT',
        headers: ticket.upload.headers,
        body: file.bytes,
      });
      expect(put.status).toBe(200);
      await drive.api.ok(
        actors.huadu,
        'POST',
        `/applications/${id}/documents/${ticket.document.documentId}/versions/1/confirm`,
      );
      uploaded.push({ documentId: ticket.document.documentId, sha256: sha256(file.bytes) });
    }
    const opened = await drive.api.ok<{ url: string; sha256: string }>(
      actors.clerk,
      'GET',
      `/applications/${id}/documents/${uploaded[0]!.documentId}/download`,
    );
    const openedBytes = new Uint8Array(await (await fetch(opened.url)).arrayBuffer());

    // Act 2: accepted; the permits are issued on commitment, with their certificates.
    await at('2025-04-07T14:00:00');
    await drive.decideIntake(id, { outcome: 'accept' });
    const { permits } = await drive.api.ok<{
      permits: { certificateNo: string; name: string; basis: string }[];
    }>(actors.huadu, 'GET', `/applications/${id}/permits`);
    const certificates = [];
    for (const permit of permits) {
      const ticket = await drive.api.ok<{ url: string; sha256: string }>(
        actors.huadu,
        'GET',
        `/applications/${id}/permits/${permit.certificateNo}/certificate`,
      );
      const pdf = new Uint8Array(await (await fetch(ticket.url)).arrayBuffer());
      const page = renderFirstPage(pdf);
      const qr = readQrCode(page);
      const verified = await drive.api.call<{ status: string; fingerprint: string; signatureValid: boolean }>(
        undefined,
        'GET',
        new URL(qr ?? 'http://invalid/').pathname,
      );
      certificates.push({ permit, ticket, pdf, page, qr, verified });
    }
    mkdirSync(screenshotDir, { recursive: true });
    writeFileSync(join(screenshotDir, 'certificate-first-page.png'), certificates[0]!.page);

    // Act 3: the commitment verification fails (承诺核查).
    await at('2025-05-06T10:00:00');
    await drive.decideVerification(id, {
      outcome: 'failed',
      reason: '亩均税收未达承诺 (tax per mu below commitment)',
    });
    const afterFailure = await Promise.all(
      certificates.map((c) =>
        drive.api.call<{ status: string }>(undefined, 'GET', `/verify/${c.permit.certificateNo}`),
      ),
    );
    const unknown = await drive.api.call<{ status: string }>(
      undefined,
      'GET',
      '/verify/SGXK-2025-000000000000',
    );
    const detail = await drive.detail(id);

    // Assess: the uploads are the bytes sent; the clerk's copy too.
    expect(opened.sha256).toBe(uploaded[0]!.sha256);
    expect(sha256(openedBytes)).toBe(uploaded[0]!.sha256);
    // One certificate per permit, each the file its fingerprint names, with the permit's facts in Chinese.
    expect(permits.map((p) => p.basis)).toEqual(['commitment', 'commitment', 'commitment']);
    for (const { permit, ticket, pdf, qr, verified } of certificates) {
      expect(sha256(pdf)).toBe(ticket.sha256);
      const text = pdfText(pdf).replace(/\s+/g, '');
      for (const fact of [
        permit.name,
        permit.certificateNo,
        '花都复合材料面板厂',
        '告知承诺',
        '标准地',
        '2025-04-07',
      ]) {
        expect(text).toContain(fact.replace(/\s+/g, ''));
      }
      expect(qr).toBe(`${runtime.url}/verify/${permit.certificateNo}`);
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({
        status: 'valid',
        fingerprint: ticket.sha256,
        signatureValid: true,
      });
    }
    // Revoked from the failed verification on; a number never issued is unknown.
    expect(afterFailure.map((r) => r.body.status)).toEqual(['revoked', 'revoked', 'revoked']);
    expect(unknown.body).toEqual({ certificateNo: 'SGXK-2025-000000000000', status: 'unknown' });
    expect(detail.application.status).toBe('revoked');
    const types = detail.timeline.map((e) => e.type);
    expect(types.filter((t) => t === 'document-version-attached')).toHaveLength(2);
    expect(types.filter((t) => t === 'certificates-issued')).toHaveLength(1);
    expect(detail.timeline.filter((e) => e.type === 'certificate-downloaded')).toHaveLength(3);
    expect(detail.timeline.find((e) => e.type === 'document-downloaded')).toMatchObject({
      actor: { userId: actors.clerk, role: 'window-clerk' },
      detail: { documentId: uploaded[0]!.documentId, version: 1 },
    });
  });
});
