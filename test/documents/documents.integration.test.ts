// Documents against the run's local S3 (s3rver) and DynamoDB Local, through the real handlers: upload with the
// presigned URL, confirm, download by every role that may see the application; isolation (foreign enterprise,
// another department, anonymous: no URL); a body whose hash is not the declared one never attaches; oversized
// and disallowed types refused before any URL; versions kept side by side; a reviewed document frozen outside
// a supplement request; every download on the timeline.
import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiRoutes, routeKey, type ApiRoute } from '#infra/routes';
import { certificateKey } from '#services/documents/adapters/dynamodb-document-records';
import { issueCertificates } from '#services/documents/core/certificates';
import { buildWorld, type PrincipalName, type World } from '#test/security/world';
import { createTestTable, type TestTable } from '#test/support/dynamodb';

let table: TestTable;
let world: World;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = await buildWorld(table, { s3Endpoint: inject('s3Endpoint') });
}, 120_000);

afterAll(async () => {
  await table?.drop();
});

const route = (key: string): ApiRoute => apiRoutes.find((r) => routeKey(r) === key)!;
const declareRoute = route('POST /applications/{applicationId}/documents');
const confirmRoute = route(
  'POST /applications/{applicationId}/documents/{documentId}/versions/{version}/confirm',
);
const listRoute = route('GET /applications/{applicationId}/documents');
const downloadRoute = route('GET /applications/{applicationId}/documents/{documentId}/download');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

interface Ticket {
  document: { documentId: string; version: number };
  upload: { url: string; headers: Record<string, string> };
}

function declare(applicationId: string, principal: PrincipalName, body: Record<string, unknown>) {
  return world.call(declareRoute, principal, {
    path: `/applications/${applicationId}/documents`,
    pathParameters: { applicationId },
    body,
  });
}

function confirm(applicationId: string, principal: PrincipalName, documentId: string, version: number) {
  return world.call(confirmRoute, principal, {
    path: `/applications/${applicationId}/documents/${documentId}/versions/${version}/confirm`,
    pathParameters: { applicationId, documentId, version: String(version) },
  });
}

function download(applicationId: string, principal: PrincipalName, documentId: string, version?: number) {
  return world.call(downloadRoute, principal, {
    path: `/applications/${applicationId}/documents/${documentId}/download`,
    pathParameters: { applicationId, documentId },
    ...(version ? { queryStringParameters: { version: String(version) } } : {}),
  });
}

/** Declares, PUTs the bytes to the presigned URL exactly as a browser would, and returns the ticket. */
async function upload(
  applicationId: string,
  principal: PrincipalName,
  bytes: Uint8Array,
  declared: Record<string, unknown> = {},
  sent: Uint8Array = bytes,
): Promise<Ticket> {
  const declaredResult = await declare(applicationId, principal, {
    kind: 'site-plan',
    name: '总平面图.pdf',
    sizeBytes: bytes.byteLength,
    sha256: sha256(bytes),
    contentType: 'application/pdf',
    ...declared,
  });
  expect(declaredResult.statusCode, JSON.stringify(declaredResult.body)).toBe(201);
  const ticket = declaredResult.body as Ticket;
  const put = await fetch(ticket.upload.url, { method: 'PUT', headers: ticket.upload.headers, body: sent });
  expect(put.status).toBe(200);
  return ticket;
}

describe('documents on local S3', () => {
  it('uploads through the presigned URL, confirms, and lets every role that sees the application download it', async () => {
    // Prepare: ent-a's application in review at natural resources and housing (filed by its agency officer).
    const { applicationId } = world.byStage('ent-a', 'review');
    const bytes = pdf('site plan v1');
    const ticket = await upload(applicationId, 'entA', bytes);

    // Act
    const confirmed = await confirm(applicationId, 'entA', ticket.document.documentId, 1);
    const readers: PrincipalName[] = ['entA', 'agentA', 'clerk', 'officerNR', 'officerHC', 'admin'];
    const downloads = await Promise.all(
      readers.map((who) => download(applicationId, who, ticket.document.documentId)),
    );

    // Assess: attached with its hash; each reader gets a URL that serves exactly those bytes.
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', version: 1, sha256: sha256(bytes) });
    for (const [i, result] of downloads.entries()) {
      expect(result.statusCode, readers[i]).toBe(200);
      const body = result.body as { url: string; version: number; sha256: string };
      expect(body).toMatchObject({ version: 1, sha256: sha256(bytes) });
      const fetched = Buffer.from(await (await fetch(body.url)).arrayBuffer());
      expect(sha256(fetched)).toBe(sha256(bytes));
    }
    const timeline = await world.deps.repository.getTimeline(applicationId);
    const attached = timeline.filter((e) => e.type === 'document-version-attached');
    expect(attached).toHaveLength(1);
    expect(attached[0]!.actor).toEqual({ userId: 'user-ent-a', role: 'enterprise' });
    const recorded = timeline
      .filter((e) => e.type === 'document-downloaded' && e.detail.documentId === ticket.document.documentId)
      .map((e) => [e.actor.userId, e.detail.version]);
    expect(recorded.sort()).toEqual(
      [
        ['user-ent-a', 1],
        ['agent-a', 1],
        ['clerk-1', 1],
        ['officer-nr', 1],
        ['officer-hc', 1],
        ['admin-1', 1],
      ].sort(),
    );
  });

  it('gives a foreign enterprise, another department and an anonymous caller no URL (404, 404, 401)', async () => {
    // Prepare
    const { applicationId } = world.byStage('ent-a', 'review');
    const ticket = await upload(applicationId, 'agentA', pdf('drawings'), { name: '施工图.pdf' });
    expect((await confirm(applicationId, 'agentA', ticket.document.documentId, 1)).statusCode).toBe(200);

    // Act
    const denied = await Promise.all(
      (['entB', 'officerRER', 'anonymous'] as const).map((who) =>
        download(applicationId, who, ticket.document.documentId),
      ),
    );
    const foreignDeclare = await declare(applicationId, 'entB', {
      kind: 'site-plan',
      name: 'x.pdf',
      sizeBytes: 10,
      sha256: 'b'.repeat(64),
      contentType: 'application/pdf',
    });
    const foreignList = await world.call(listRoute, 'officerRER', {
      path: `/applications/${applicationId}/documents`,
      pathParameters: { applicationId },
    });

    // Assess
    expect(denied.map((r) => r.statusCode)).toEqual([404, 404, 401]);
    for (const result of [...denied, foreignDeclare, foreignList]) {
      expect(JSON.stringify(result.body ?? '')).not.toContain('X-Amz-Signature');
    }
    expect(foreignDeclare.statusCode).toBe(404);
    expect(foreignList.statusCode).toBe(404);
  });

  it('never attaches a body whose SHA-256 differs from the declared one', async () => {
    // Prepare: s3rver accepts the tampered PUT (real S3 refuses it with BadDigest: the checksum header is signed).
    const { applicationId } = world.byStage('ent-b', 'review');
    const declared = pdf('the declared file');
    const tampered = Buffer.from(declared);
    tampered[tampered.length - 3] = 'X'.charCodeAt(0);
    const ticket = await upload(applicationId, 'entB', declared, {}, tampered);

    // Act
    const confirmed = await confirm(applicationId, 'entB', ticket.document.documentId, 1);
    const listed = await world.call(listRoute, 'clerk', {
      path: `/applications/${applicationId}/documents`,
      pathParameters: { applicationId },
    });
    const downloaded = await download(applicationId, 'entB', ticket.document.documentId);

    // Assess
    expect(confirmed.statusCode).toBe(409);
    expect(confirmed.body.error.code).toBe('CHECKSUM_MISMATCH');
    expect(listed.body.documents).toEqual([]);
    expect(downloaded.statusCode).toBe(404);
    const timeline = await world.deps.repository.getTimeline(applicationId);
    expect(timeline.filter((e) => e.type === 'document-version-attached')).toEqual([]);
  });

  it('refuses an oversized document and a disallowed type before any URL is issued', async () => {
    // Prepare
    const { applicationId } = world.byStage('ent-b', 'submitted');
    const base = {
      kind: 'site-plan',
      name: '总平面图.pdf',
      sha256: 'c'.repeat(64),
      contentType: 'application/pdf',
    };

    // Act
    const oversized = await declare(applicationId, 'entB', { ...base, sizeBytes: 100 * 1024 * 1024 + 1 });
    const defaultKind = await declare(applicationId, 'entB', {
      ...base,
      kind: 'business-licence',
      sizeBytes: 20 * 1024 * 1024 + 1,
    });
    const executable = await declare(applicationId, 'entB', {
      ...base,
      name: 'setup.exe',
      contentType: 'application/x-msdownload',
      sizeBytes: 1000,
    });
    const disguised = await declare(applicationId, 'entB', { ...base, name: 'payload.exe', sizeBytes: 1000 });
    const listed = await world.call(listRoute, 'entB', {
      path: `/applications/${applicationId}/documents`,
      pathParameters: { applicationId },
    });

    // Assess
    expect([oversized, defaultKind, executable, disguised].map((r) => r.statusCode)).toEqual([
      400, 400, 400, 400,
    ]);
    expect(oversized.body.error).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    expect(oversized.body.error.issues).toEqual([expect.objectContaining({ path: 'sizeBytes' })]);
    expect(defaultKind.body.error.code).toBe('DOCUMENT_TOO_LARGE');
    expect(executable.body.error).toMatchObject({ code: 'CONTENT_TYPE_NOT_ALLOWED' });
    expect(executable.body.error.issues).toEqual([expect.objectContaining({ path: 'contentType' })]);
    expect(disguised.body.error.code).toBe('NAME_DOES_NOT_MATCH_TYPE');
    for (const result of [oversized, defaultKind, executable, disguised]) {
      expect(JSON.stringify(result.body)).not.toContain('X-Amz-Signature');
    }
    expect(listed.body.documents).toEqual([]);
  });

  it('keeps every version with its hash, and freezes a reviewed document outside a supplement request', async () => {
    // Prepare: a fresh application in review; version 1 attached, then version 2.
    const applicationId = await world.createApplication('ent-b', 'review');
    const v1 = pdf('land survey v1');
    const v2 = pdf('land survey v2, corrected');
    const first = await upload(applicationId, 'entB', v1, { kind: 'land-survey', name: '勘测定界.pdf' });
    await confirm(applicationId, 'entB', first.document.documentId, 1);
    const second = await upload(applicationId, 'entB', v2, {
      documentId: first.document.documentId,
      kind: 'land-survey',
      name: '勘测定界-修订.pdf',
    });
    await confirm(applicationId, 'entB', first.document.documentId, 2);

    // Act: a department decides its review; then the enterprise tries a third version.
    const decided = await world.call(
      route('POST /applications/{applicationId}/steps/{stepId}/decision'),
      'officerNR',
      {
        path: `/applications/${applicationId}/steps/review-land-use-planning-1/decision`,
        pathParameters: { applicationId, stepId: 'review-land-use-planning-1' },
        body: { outcome: 'approve' },
      },
    );
    const third = await declare(applicationId, 'entB', {
      documentId: first.document.documentId,
      kind: 'land-survey',
      name: '勘测定界-3.pdf',
      sizeBytes: 10,
      sha256: 'd'.repeat(64),
      contentType: 'application/pdf',
    });
    const oldOne = await download(applicationId, 'officerHC', first.document.documentId, 1);
    const listed = await world.call(listRoute, 'officerHC', {
      path: `/applications/${applicationId}/documents`,
      pathParameters: { applicationId },
    });

    // Assess
    expect(second.document.version).toBe(2);
    expect(decided.statusCode).toBe(200);
    expect(third.statusCode).toBe(409);
    expect(third.body.error.code).toBe('DOCUMENT_REVIEWED');
    // The timeline says which version the decision was made on.
    const timeline = await world.deps.repository.getTimeline(applicationId);
    const decision = timeline.find(
      (e) => e.type === 'step-decided' && e.stepId === 'review-land-use-planning-1',
    );
    expect(decision?.detail).toMatchObject({
      documents: [`${first.document.documentId}@v2`],
      documentCount: 1,
    });
    expect(oldOne.body).toMatchObject({ version: 1, sha256: sha256(v1) });
    expect(sha256(Buffer.from(await (await fetch(oldOne.body.url)).arrayBuffer()))).toBe(sha256(v1));
    expect(listed.body.documents).toEqual([
      expect.objectContaining({
        documentId: first.document.documentId,
        current: 2,
        versions: [
          expect.objectContaining({ version: 1, sha256: sha256(v1), status: 'confirmed' }),
          expect.objectContaining({ version: 2, sha256: sha256(v2), status: 'confirmed' }),
        ],
      }),
    ]);
  });
});

describe('certificates on local S3', () => {
  it('issues once: a replayed issuance writes nothing and keeps the first signature', async () => {
    // Prepare
    const { applicationId } = world.byStage('ent-a', 'issued');
    const before = await world.scanAll();

    // Act
    const replayed = await issueCertificates(world.documents, { applicationId });

    // Assess
    expect(replayed.certificateNos).toHaveLength(2);
    expect(await world.scanAll()).toEqual(before);
  });

  it('answers unknown for a record whose signature does not check out, and never leaks another application', async () => {
    // Prepare: a forged record for a real certificate number (the fingerprint changed after signing).
    const { application } = world.byStage('ent-b', 'issued');
    const certificateNo = application.permits![0]!.certificateNo;
    const genuine = (await world.documents.records.findCertificate(certificateNo))!;
    const verifyRoute = route('GET /verify/{certificateNo}');
    const check = () =>
      world.call(verifyRoute, 'anonymous', {
        path: `/verify/${certificateNo}`,
        pathParameters: { certificateNo },
      });
    const valid = await check();
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...certificateKey(certificateNo), ...genuine, fingerprint: 'f'.repeat(64) },
      }),
    );

    // Act
    const forged = await check();

    // Assess
    expect(valid.body).toMatchObject({
      status: 'valid',
      fingerprint: genuine.fingerprint,
      signatureValid: true,
    });
    expect(Object.keys(valid.body).sort()).toEqual(
      [
        'certificateNo',
        'fingerprint',
        'issuedAt',
        'permitName',
        'permitType',
        'signatureValid',
        'status',
      ].sort(),
    );
    expect(forged.body).toEqual({ certificateNo, status: 'unknown', signatureValid: false });
  });
});
