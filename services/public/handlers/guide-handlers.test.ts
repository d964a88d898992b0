// The service guides through their routes, anonymous: an administrator's change to the catalogue is the guide's
// change (one source), invalid input is a 400 with the field, an unknown permit a 404, and answers may be cached.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable } from '#test/support/fake-table';
import { principals, testDeps } from '#test/support/fixtures';
import { apiEvent, invoke } from '#test/support/http';
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';
import { createHandler as putConfigHandler } from '#services/admin/handlers/put-service-config';
import { createHandler as getGuideHandler } from './get-guide.ts';
import { createHandler as listGuidesHandler } from './list-guides.ts';

const ddb = mockClient(DynamoDBDocumentClient);
let deps: ReturnType<typeof testDeps>;

beforeEach(() => {
  installFakeTable(ddb);
  // Each test its own table name: the configuration source is kept per client and table.
  deps = testDeps({ tableName: `guides-${Math.random().toString(36).slice(2)}` });
});
afterEach(() => ddb.reset());

const guide = (permitType: string) =>
  invoke(
    getGuideHandler(deps),
    apiEvent({ method: 'GET', path: `/public/guides/${permitType}`, pathParameters: { permitType } }),
  );

describe('the service guide routes', () => {
  it('answer anyone, without a token, with an answer CloudFront and browsers may keep five minutes', async () => {
    // Act
    const list = await invoke(listGuidesHandler(deps), apiEvent({ method: 'GET', path: '/public/guides' }));
    const one = await guide('construction');

    // Assess
    expect(list.statusCode).toBe(200);
    expect(list.body.guides).toHaveLength(DEFAULT_SERVICE_CONFIG.permits.length);
    expect(one.statusCode).toBe(200);
    expect(one.body).toMatchObject({ permitType: 'construction', fee: '不收费', configRevision: 0 });
    for (const response of [list, one]) {
      expect(response.headers?.['cache-control']).toBe('public, max-age=300, s-maxage=300');
    }
  });

  it("follow an administrator's change to the catalogue: the guide is the configuration in force", async () => {
    // Prepare
    const config = structuredClone(DEFAULT_SERVICE_CONFIG);
    const construction = config.permits.find((p) => p.permitType === 'construction')!;
    construction.documents.push({
      kind: 'safety-plan',
      name: '安全施工措施',
      mandatory: true,
      tolerable: false,
    });
    construction.legalBasis = ['《建设工程安全生产管理条例》第十条'];
    const changed = await invoke(
      putConfigHandler(deps),
      apiEvent({
        method: 'PUT',
        path: '/admin/service-config',
        principal: principals.admin,
        body: { expectedRevision: 0, config },
      }),
    );
    expect(changed.statusCode).toBe(200);

    // Act
    const after = await guide('construction');

    // Assess
    expect(after.body.configRevision).toBe(1);
    expect(after.body.materials.at(-1)).toEqual({
      kind: 'safety-plan',
      name: '安全施工措施',
      mandatory: true,
      tolerable: false,
    });
    expect(after.body.legalBasis).toEqual(['《建设工程安全生产管理条例》第十条']);
  });

  it('refuse a malformed permit type with 400 on the field, and an unknown one with 404', async () => {
    const malformed = await guide('Not A Slug');
    const unknown = await guide('fishing-licence');

    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.error.issues[0].path).toBe('params.permitType');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });
});
