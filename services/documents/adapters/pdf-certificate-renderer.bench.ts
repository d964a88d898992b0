// What a certificate costs to make (电子证照): rendering one PDF (Noto Sans SC subset, QR code) with a warm renderer,
// the font's first load (a cold Lambda's first certificate), and the ECDSA signature with the local key.
// `npm run bench` prints the table; the size of one PDF is printed once. Not part of `npm test`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { signedPayload } from '../core/certificates.ts';
import type { CertificateContent } from '../core/ports.ts';
import { FileCertificateSigner } from './certificate-signers.ts';
import { PdfCertificateRenderer } from './pdf-certificate-renderer.ts';

const content: CertificateContent = {
  certificateNo: 'SGXK-2025-3F2A9C01B7E4',
  permitName: '建筑工程施工许可证',
  permitType: 'construction',
  projectName: '长春经开区新能源汽车零部件产业园一期（年产 30 万套电驱动总成）',
  enterpriseId: 'ent-changchun-auto-parts',
  parcel: 'CC-2025-017 · 长春经济技术开发区 临河街以东、兴隆大路以北 · 86.5 亩',
  departmentName: '住房和城乡建设',
  issuedOn: '2025-03-12',
  issuedAt: '2025-03-12T02:00:00.000Z',
  trackName: '一般项目',
  byCommitment: true,
  verifyUrl: 'https://one-window.example/verify/SGXK-2025-3F2A9C01B7E4',
  applicationId: 'app-1',
};

const renderer = new PdfCertificateRenderer();
const signer = new FileCertificateSigner(join(mkdtempSync(join(tmpdir(), 'bench-key-')), 'key.pem'));
const payload = signedPayload({
  certificateNo: content.certificateNo,
  applicationId: 'app-1',
  enterpriseId: 'ent-1',
  permitType: 'construction',
  basis: 'commitment',
  issuedAt: content.issuedAt,
  fingerprint: 'a'.repeat(64),
});
let printed = false;

describe('certificates', () => {
  bench('render one certificate (warm renderer)', async () => {
    const pdf = await renderer.render(content);
    if (!printed) {
      printed = true;
      console.info(`one certificate PDF: ${pdf.byteLength} bytes`);
    }
  });
  bench('load the font and render (a cold function)', async () => {
    await new PdfCertificateRenderer().render(content);
  });
  bench('sign the facts (local P-256 key)', async () => {
    await signer.sign(payload);
  });
});
