// The certificate adapters on their own: the renderer is deterministic (a replayed issuance writes the same
// bytes) and puts the facts in Chinese; the local signer signs and verifies, and refuses altered facts and
// another key's signature.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfText } from '#test/support/pdf-page';
import { signedPayload } from '../core/certificates.ts';
import type { CertificateContent } from '../core/ports.ts';
import { FileCertificateSigner } from './certificate-signers.ts';
import { PdfCertificateRenderer } from './pdf-certificate-renderer.ts';

const content: CertificateContent = {
  certificateNo: 'SGXK-2025-3F2A9C01B7E4',
  permitName: '建筑工程施工许可证',
  permitType: 'construction',
  projectName: '长春齿轮箱工厂',
  enterpriseId: 'ent-changchun-auto-parts',
  parcel: 'CC-2025-017 · 长春经开区 · 86.5 亩',
  departmentName: '住房和城乡建设',
  issuedOn: '2025-03-12',
  issuedAt: '2025-03-12T02:00:00.000Z',
  trackName: '一般项目',
  byCommitment: false,
  verifyUrl: 'https://one-window.example/verify/SGXK-2025-3F2A9C01B7E4',
  applicationId: 'app-1',
};

const facts = {
  certificateNo: content.certificateNo,
  applicationId: 'app-1',
  enterpriseId: 'ent-1',
  permitType: 'construction' as const,
  basis: 'review' as const,
  issuedAt: content.issuedAt,
  fingerprint: 'a'.repeat(64),
};

const keyFile = () => join(mkdtempSync(join(tmpdir(), 'signer-')), 'key.pem');

describe('PdfCertificateRenderer', () => {
  it('renders the same bytes for the same content, with the facts in Chinese', async () => {
    const renderer = new PdfCertificateRenderer();

    const [first, second] = [await renderer.render(content), await renderer.render(content)];

    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(digest(first)).toBe(digest(second));
    expect(first.byteLength).toBeLessThan(100_000);
    const text = pdfText(first).replace(/\s+/g, '');
    for (const fact of ['建筑工程施工许可证', '长春齿轮箱工厂', '住房和城乡建设', '审查批准', '2025-03-12']) {
      expect(text).toContain(fact);
    }
  });
});

describe('FileCertificateSigner', () => {
  it('verifies its own signature and refuses altered facts or another key', async () => {
    const path = keyFile();
    const signer = new FileCertificateSigner(path);
    const signature = await signer.sign(signedPayload(facts));

    const again = new FileCertificateSigner(path);
    const other = new FileCertificateSigner(keyFile());

    expect(await again.verify(signedPayload(facts), signature)).toBe(true);
    expect(await signer.verify(signedPayload({ ...facts, fingerprint: 'b'.repeat(64) }), signature)).toBe(
      false,
    );
    expect(await other.verify(signedPayload(facts), signature)).toBe(false);
    expect(
      await other.verify(signedPayload(facts), {
        ...signature,
        keyId: (await other.sign(new Uint8Array())).keyId,
      }),
    ).toBe(false);
  });
});
