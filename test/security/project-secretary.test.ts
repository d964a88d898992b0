// The approval secretary (审批秘书) assigned to a project acts for its enterprise on the applications of that
// project — and on nothing else of the enterprise — through the one access module (shared/access): reads the
// application and its documents, answers its supplement request; the rights follow the project's assignment and
// end with it (a reassignment takes them away at once, whatever the token says). It files new applications for that
// project (and only for it) on the enterprise's behalf.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiRoutes, routeKey, type ApiRoute } from '#infra/routes';
import { applicationKey } from '#shared/data/keys';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { submission } from '#test/support/fixtures';
import { buildWorld, principals, type World } from './world.ts';

let table: TestTable;
let world: World;
let onProject: string;
let offProject: string;
let projectId: string;

const route = (key: string): ApiRoute => apiRoutes.find((r) => routeKey(r) === key)!;
const at = (applicationId: string) => ({ pathParameters: { applicationId } });

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = await buildWorld(table, { s3Endpoint: inject('s3Endpoint') });
  // ent-b's project has agent-a as its secretary; agent-a does not represent ent-b (agencyFor: ent-a only).
  const project = world.projects.find((p) => p.enterpriseId === 'ent-b')!;
  expect(project.secretaryUserId).toBe(principals.agentA.userId);
  expect(principals.agentA.agencyFor).not.toContain('ent-b');
  projectId = project.projectId;
  // Two applications of ent-b with a supplement request open; one filed for the project (as the migration links them).
  onProject = await world.createApplication('ent-b', 'supplement');
  offProject = await world.createApplication('ent-b', 'supplement');
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: applicationKey(onProject),
      UpdateExpression: 'SET projectId = :p',
      ExpressionAttributeValues: { ':p': projectId },
    }),
  );
}, 180_000);

afterAll(async () => {
  await table?.drop();
});

const read = (applicationId: string) =>
  world.call(route('GET /applications/{applicationId}'), 'agentA', {
    path: `/applications/${applicationId}`,
    ...at(applicationId),
  });
const documents = (applicationId: string) =>
  world.call(route('GET /applications/{applicationId}/documents'), 'agentA', {
    path: `/applications/${applicationId}/documents`,
    ...at(applicationId),
  });

describe("a project's approval secretary", () => {
  it("sees the project's applications and their documents, and no other application of the enterprise (404)", async () => {
    // Act
    const answers = [
      await read(onProject),
      await documents(onProject),
      await read(offProject),
      await documents(offProject),
    ];

    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 404, 404]);
  });

  it("answers the supplement request of the project's application, recorded on behalf of the enterprise", async () => {
    // Act
    const answer = await world.call(route('POST /applications/{applicationId}/supplement'), 'agentA', {
      path: `/applications/${onProject}/supplement`,
      ...at(onProject),
      body: {},
    });
    const elsewhere = await world.call(route('POST /applications/{applicationId}/supplement'), 'agentA', {
      path: `/applications/${offProject}/supplement`,
      ...at(offProject),
      body: {},
    });

    // Assess
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    const detail = await read(onProject);
    const event = (
      detail.body as { timeline: { type: string; actor: unknown; onBehalfOf?: string }[] }
    ).timeline.find((e) => e.type === 'supplement-resubmitted');
    expect(event).toMatchObject({
      actor: { userId: 'agent-a', role: 'agency-officer' },
      onBehalfOf: 'ent-b',
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('files a new application for the project on behalf of the enterprise, and none without it (403)', async () => {
    // Act
    const file = (body: Record<string, unknown>, key: string) =>
      world.call(route('POST /applications'), 'agentA', {
        path: '/applications',
        body: { ...submission({ projectName: '秘书代办项目' }), enterpriseId: 'ent-b', ...body },
        headers: { 'idempotency-key': key },
      });
    const filed = await file({ projectId }, 'secretary-files-1');
    const withoutProject = await file({}, 'secretary-files-2');
    const foreignProject = world.projects.find((p) => p.enterpriseId === 'ent-a')!.projectId;
    const otherProject = await file({ projectId: foreignProject }, 'secretary-files-3');

    // Assess
    expect(filed.statusCode, JSON.stringify(filed.body)).toBe(201);
    const id = (filed.body as { applicationId: string }).applicationId;
    const detail = await read(id);
    expect(detail.statusCode).toBe(200);
    const submitted = (
      detail.body as { timeline: { type: string; actor: unknown; onBehalfOf?: string }[] }
    ).timeline.find((e) => e.type === 'application-submitted');
    expect(submitted).toMatchObject({
      actor: { userId: 'agent-a', role: 'agency-officer' },
      onBehalfOf: 'ent-b',
    });
    expect(withoutProject.statusCode).toBe(403);
    expect(otherProject.statusCode).toBe(403);
  });

  it('loses every right on those applications once the service centre assigns another secretary', async () => {
    // Act
    const reassigned = await world.call(route('PUT /projects/{projectId}/people'), 'clerk', {
      path: `/projects/${projectId}/people`,
      pathParameters: { projectId },
      body: { secretaryUserId: 'agent-other' },
      headers: { 'idempotency-key': 'reassign-secretary-1' },
    });

    // Assess
    expect(reassigned.statusCode, JSON.stringify(reassigned.body)).toBe(200);
    expect([(await read(onProject)).statusCode, (await documents(onProject)).statusCode]).toEqual([404, 404]);
    const filing = await world.call(route('POST /applications'), 'agentA', {
      path: '/applications',
      body: { ...submission(), enterpriseId: 'ent-b', projectId },
      headers: { 'idempotency-key': 'secretary-files-after' },
    });
    expect(filing.statusCode).toBe(403);
  });
});
