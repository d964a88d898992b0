// The Cognito trigger that writes the people directory, on DynamoDB Local: a sign-in records the person's
// verified contact data and audience once; a refresh, an unchanged sign-in or a user without a role group writes
// nothing; a move to another department takes the person out of the old one's audience; a failure never blocks
// the sign-in.
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { testDeps } from '#test/support/fixtures';
import { DynamoDbNotificationStore } from '../adapters/dynamodb-notification-store.ts';
import { personFromCognito } from '../core/directory-sync.ts';
import { createHandler } from './sync-directory.ts';

let table: TestTable;
let store: DynamoDbNotificationStore;
beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  store = new DynamoDbNotificationStore({ client: table.client, tableName: table.tableName });
});
afterEach(() => table.drop());

const sub = '3f0c8f6e-1d2b-4c5a-9e7f-0a1b2c3d4e5f';
function signIn(
  groups: string[],
  attributes: Record<string, string> = {},
  triggerSource: PreTokenGenerationTriggerEvent['triggerSource'] = 'TokenGeneration_Authentication',
): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    triggerSource,
    region: 'cn-north-1',
    userPoolId: 'cn-north-1_pool',
    userName: sub,
    callerContext: { awsSdkVersion: '3', clientId: 'portal' },
    request: {
      userAttributes: {
        sub,
        name: '王芳',
        email: 'wang.fang@example.cn',
        email_verified: 'true',
        phone_number: '+8613900000000',
        phone_number_verified: 'true',
        ...attributes,
      },
      groupConfiguration: { groupsToOverride: groups },
    },
    response: { claimsOverrideDetails: {} },
  } as PreTokenGenerationTriggerEvent;
}

describe('personFromCognito', () => {
  it('takes the role from the groups the API reads, and only verified addresses', () => {
    expect(
      personFromCognito({
        userAttributes: signIn([]).request.userAttributes,
        groups: ['dept-natural-resources'],
      }),
    ).toEqual({
      userId: sub,
      name: '王芳',
      email: 'wang.fang@example.cn',
      phone: '+8613900000000',
      role: 'department-officer',
      department: 'natural-resources',
    });
    const unverified = personFromCognito({
      userAttributes: {
        ...signIn([]).request.userAttributes,
        'custom:enterpriseId': 'ent-1',
        phone_number_verified: 'false',
        email_verified: 'false',
      },
      groups: ['enterprise'],
    });
    expect(unverified).toEqual({ userId: sub, name: '王芳', role: 'enterprise', enterpriseId: 'ent-1' });
    // An enterprise user without an enterprise id has no role the API would grant: nothing to record.
    expect(
      personFromCognito({ userAttributes: signIn([]).request.userAttributes, groups: ['enterprise'] }),
    ).toBe(undefined);
    expect(personFromCognito({ userAttributes: { sub }, groups: [] })).toBeUndefined();
  });

  it('names the enterprise of an enterprise user, and prefers the administrator role when a user has several', () => {
    const attributes = { ...signIn([]).request.userAttributes, 'custom:enterpriseId': 'ent-huadu' };
    expect(personFromCognito({ userAttributes: attributes, groups: ['enterprise'] })).toMatchObject({
      role: 'enterprise',
      enterpriseId: 'ent-huadu',
    });
    expect(
      personFromCognito({ userAttributes: attributes, groups: ['enterprise', 'administrator'] }),
    ).toMatchObject({
      role: 'administrator',
    });
  });

  it('keeps the person and drops an address this model refuses', () => {
    const person = personFromCognito({
      userAttributes: { ...signIn([]).request.userAttributes, phone_number: '13900000000' },
      groups: ['window-clerk'],
    });
    expect(person).toEqual({
      userId: sub,
      name: '王芳',
      email: 'wang.fang@example.cn',
      role: 'window-clerk',
    });
  });
});

describe('syncDirectory (pre token generation trigger)', () => {
  it('records a sign-in once, and moves an officer between department audiences', async () => {
    // Prepare
    const handler = createHandler(testDeps({ documentClient: table.client, tableName: table.tableName }));

    // Act
    const first = signIn(['dept-natural-resources']);
    const returned = await handler(first);
    await handler(signIn(['dept-natural-resources'])); // unchanged
    const before = await store.members({ type: 'department', department: 'natural-resources' });
    await handler(signIn(['dept-housing-construction']));

    // Assess
    expect(returned).toBe(first); // the tokens go out unchanged
    expect(before.map((p) => p.userId)).toEqual([sub]);
    expect(await store.members({ type: 'department', department: 'natural-resources' })).toEqual([]);
    expect(await store.members({ type: 'department', department: 'housing-construction' })).toEqual([
      expect.objectContaining({ userId: sub, email: 'wang.fang@example.cn', phone: '+8613900000000' }),
    ]);
    expect(await store.person(sub)).toMatchObject({
      role: 'department-officer',
      department: 'housing-construction',
    });
  });

  it('writes nothing on a token refresh nor for a user without a role group', async () => {
    const handler = createHandler(testDeps({ documentClient: table.client, tableName: table.tableName }));
    await handler(signIn(['administrator'], {}, 'TokenGeneration_RefreshTokens'));
    await handler(signIn([]));
    expect(await store.person(sub)).toBeUndefined();
    expect(await store.members({ type: 'administrators' })).toEqual([]);
  });

  it('never blocks a sign-in: a failing directory is logged and the tokens go out', async () => {
    const handler = createHandler(testDeps({ documentClient: table.client, tableName: 'no-such-table' }));
    const event = signIn(['administrator']);
    await expect(handler(event)).resolves.toBe(event);
  });
});
