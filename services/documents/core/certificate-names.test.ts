// Certificates name a permit from the application's own configuration version: a permit type an administrator
// added at run time carries its configured name on the certificate and on the public check, not its type.
import { describe, expect, it } from 'vitest';
import { workflowConfig } from '#shared/config';
import { departmentNameOf } from '#shared/model';
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';
import { anApplication } from '#test/support/fixtures';
import type { CertificateRecord } from './model.ts';
import type { CertificateContent, DocumentsDeps } from './ports.ts';
import { certificateContent, issueCertificates, verifyCertificate } from './certificates.ts';

const issuedAt = '2025-03-10T02:00:00.000Z';
const application = anApplication({
  requiredPermits: ['fire-acceptance'],
  configRevision: 3,
  issuedAt,
  permits: [{ permitType: 'fire-acceptance', certificateNo: 'XFYS-2025-0001', issuedAt, basis: 'review' }],
});
// Revision 3 added 消防验收; the version in force (4) renamed it: the application keeps its own version's name.
const withFireAcceptance = (name: string) =>
  workflowConfig({
    permits: [
      ...DEFAULT_SERVICE_CONFIG.permits,
      {
        permitType: 'fire-acceptance',
        name,
        department: 'housing-construction',
        byCommitment: false,
        documents: [],
      },
    ],
  });
const serviceConfigs = {
  current: async () => withFireAcceptance('消防验收（新）'),
  version: async (revision: number) => (revision === 3 ? withFireAcceptance('消防验收') : workflowConfig()),
};

function deps(rendered: CertificateContent[], stored: CertificateRecord[]): DocumentsDeps {
  return {
    applications: {
      findApplication: async () => application,
      getApplicationWithSteps: async () => ({ application, steps: [] }),
    },
    records: {
      findCertificate: async (no: string) => stored.find((r) => r.certificateNo === no),
      putCertificate: async (record: CertificateRecord) => (stored.push(record), record),
      appendEventOnce: async () => undefined,
    },
    storage: { put: async () => undefined },
    signer: {
      sign: async () => ({ keyId: 'k', algorithm: 'ECDSA_SHA_256', signature: 'c2ln' }),
      verify: async () => true,
    },
    renderer: {
      render: async (content: CertificateContent) => (rendered.push(content), new Uint8Array([1])),
    },
    config: { publicBaseUrl: 'https://one-window.example' },
    serviceConfigs,
    now: () => new Date(issuedAt),
    newId: () => 'id-1',
  } as unknown as DocumentsDeps;
}

describe('certificate names', () => {
  it("name a permit added at run time as the application's configuration version does, on the certificate and the public check", async () => {
    // Prepare
    const rendered: CertificateContent[] = [];
    const stored: CertificateRecord[] = [];

    // Act
    await issueCertificates(deps(rendered, stored), { applicationId: application.applicationId });
    const checked = await verifyCertificate(deps([], stored), 'XFYS-2025-0001');

    // Assess
    expect(rendered.map((c) => c.permitName)).toEqual(['消防验收']);
    expect(checked).toMatchObject({ status: 'valid', permitName: '消防验收' });
  });

  it('name the issuing department as everywhere else (departmentNameOf), its id when configuration added it', () => {
    // Prepare
    const permit = application.permits![0]!;
    const catalogue = [
      {
        ...DEFAULT_SERVICE_CONFIG.permits[0]!,
        permitType: 'fire-acceptance',
        department: 'housing-construction',
      },
    ];
    const added = [{ ...catalogue[0]!, department: 'fire-rescue' }];
    const content = { config: { publicBaseUrl: 'https://one-window.example' } } as Pick<
      DocumentsDeps,
      'config'
    >;

    // Act
    const known = certificateContent(content, application, permit, catalogue);
    const configured = certificateContent(content, application, permit, added);

    // Assess
    expect(known.departmentName).toBe(departmentNameOf('housing-construction'));
    expect(known.departmentName).toBe('住房和城乡建设');
    expect(configured.departmentName).toBe('fire-rescue');
  });
});
