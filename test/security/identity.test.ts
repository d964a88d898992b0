// Identity, both ways it arrives: in the cloud, Cognito's ID token verified by API Gateway's JWT authorizer
// (audience: the portal's app client) and handed to Lambda as flattened string claims; locally, the embedded
// runtime's issuer (jose) signing the same claims and its HTTP adapter verifying them. Both must give the same
// Principal for the same user, through the same code (principalFromEvent). And the stack must keep the doors
// shut: ID tokens of the app client only, attributes that decide access writable by administrators only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { userGroups } from '#infra/constructs/auth';
import type { CfnTemplate } from '#infra/local/asl';
import { httpApi } from '#infra/local/http-api';
import { synthesizeApproval } from '#infra/local/synth';
import { apiRoutes, routeKey } from '#infra/routes';
import { DEFAULT_WORKFLOW_CONFIG } from '#shared/config';
import { createLocalIssuer } from '#shared/auth/local-issuer';
import {
  claimsForPrincipal,
  principalFromClaims,
  principalFromEvent,
  type EventClaims,
  type Principal,
} from '#shared/auth/principal';
import { Unauthorized } from '#shared/errors';
import { apiEvent, invoke } from '#test/support/http';
import { loadHandlerModules } from './world.ts';

/**
 * Users as an administrator set them up in Cognito, with what an ID token of each carries once API Gateway
 * has flattened it for Lambda (every value a string; arrays as `[a b]`), written out by hand from Cognito's
 * documented ID-token claims rather than produced by the code under test.
 */
const issuerUrl = 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Example';
const clientId = '1example23456789abcdefghij';
const cognitoCommon = {
  iss: issuerUrl,
  aud: clientId,
  token_use: 'id',
  auth_time: '1735689600',
  iat: '1735689600',
  exp: '1735693200',
  email_verified: 'true',
  origin_jti: '0c1a2b3c-0000-4000-8000-000000000001',
  event_id: '0c1a2b3c-0000-4000-8000-000000000002',
  jti: '0c1a2b3c-0000-4000-8000-000000000003',
};
const users: { principal: Principal; cloud: EventClaims }[] = [
  {
    principal: {
      userId: '5f0c1a2b-0000-4000-8000-00000000e001',
      roles: ['enterprise'],
      enterpriseId: 'ent-a',
    },
    cloud: {
      ...cognitoCommon,
      sub: '5f0c1a2b-0000-4000-8000-00000000e001',
      'cognito:username': '5f0c1a2b-0000-4000-8000-00000000e001',
      'cognito:groups': '[enterprise]',
      email: 'zhang@ent-a.example',
      'custom:enterpriseId': 'ent-a',
    },
  },
  {
    principal: { userId: 'clerk-1', roles: ['window-clerk'] },
    cloud: { ...cognitoCommon, sub: 'clerk-1', 'cognito:groups': '[window-clerk]', email: 'w@gov.example' },
  },
  {
    principal: { userId: 'officer-nr', roles: ['department-officer'], department: 'natural-resources' },
    cloud: {
      ...cognitoCommon,
      sub: 'officer-nr',
      'cognito:groups': '[dept-natural-resources]',
      'custom:department': 'natural-resources',
    },
  },
  {
    principal: { userId: 'agent-a', roles: ['agency-officer'], agencyFor: ['ent-a', 'ent-c'] },
    cloud: {
      ...cognitoCommon,
      sub: 'agent-a',
      'cognito:groups': '[agency-officer]',
      'custom:agencyFor': 'ent-a,ent-c',
    },
  },
  {
    principal: { userId: 'admin-1', roles: ['administrator'] },
    cloud: { ...cognitoCommon, sub: 'admin-1', 'cognito:groups': '[administrator]' },
  },
  {
    principal: {
      userId: 'both-1',
      roles: ['enterprise', 'agency-officer'],
      enterpriseId: 'ent-b',
      agencyFor: ['ent-a'],
    },
    cloud: {
      ...cognitoCommon,
      sub: 'both-1',
      'cognito:groups': '[enterprise agency-officer]',
      'custom:enterpriseId': 'ent-b',
      'custom:agencyFor': 'ent-a',
    },
  },
];

describe('the local issuer and the cloud claims', () => {
  let server: Server;
  let base: string;
  const seen: APIGatewayProxyEventV2[] = [];
  const issuer = createLocalIssuer({ secret: 'a-test-secret-of-at-least-32-bytes!!' });
  const target = apiRoutes.find((r) => routeKey(r) === 'GET /applications/{applicationId}')!;

  beforeAll(async () => {
    // The embedded runtime's HTTP adapter, with a handler that only keeps the event it was given.
    const listener = httpApi({
      routes: apiRoutes,
      handlers: new Map([
        [
          target.entry,
          (event: APIGatewayProxyEventV2) => {
            seen.push(event);
            return { statusCode: 204 };
          },
        ],
      ]),
      verify: (token) => issuer.verify(token),
    });
    server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(users.map((u) => [u.principal.roles.join('+'), u] as const))(
    'give the same principal for the same user: %s',
    async (_label, user) => {
      // Prepare
      const token = await issuer.issue(claimsForPrincipal(user.principal));

      // Act
      seen.length = 0;
      const response = await fetch(`${base}/applications/app-1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const local = principalFromEvent(seen[0]!);
      const cloud = principalFromEvent(apiEvent({ claims: user.cloud }));

      // Assess
      expect(response.status).toBe(204);
      expect(local).toEqual(user.principal);
      expect(cloud).toEqual(user.principal);
      expect(seen[0]!.requestContext).toMatchObject({
        authorizer: { jwt: { claims: { token_use: 'id', sub: user.principal.userId } } },
      });
    },
  );

  it('never lets a request with a forged or altered token reach the handler', async () => {
    // Prepare
    const token = await issuer.issue(claimsForPrincipal(users[0]!.principal));
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, 'custom:enterpriseId': 'ent-b' })).toString(
      'base64url',
    );
    const other = createLocalIssuer({ secret: 'another-secret-of-at-least-32-bytes!!' });

    // Act
    seen.length = 0;
    const statuses = await Promise.all(
      [
        `${header}.${altered}.${signature}`,
        await other.issue(claimsForPrincipal(users[0]!.principal)),
        `${header}.${payload}.`,
        'not-a-token',
      ].map(
        async (bad) =>
          (await fetch(`${base}/applications/app-1`, { headers: { authorization: `Bearer ${bad}` } })).status,
      ),
    );

    // Assess
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(seen).toEqual([]);
  });
});

describe('principalFromClaims on what the authorizer lets through', () => {
  it("refuses an access token: the authorizer admits it by its client_id, but it holds no user's attributes", async () => {
    // Prepare: what API Gateway hands over for a Cognito access token of an enterprise user.
    const access: EventClaims = {
      sub: 'ent-user-1',
      'cognito:groups': '[enterprise]',
      iss: issuerUrl,
      client_id: clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      exp: '1735693200',
      iat: '1735689600',
      username: 'ent-user-1',
    };
    const handler = (await loadHandlerModules())
      .get('GET /applications/{applicationId}')!
      .createHandler(() => {
        throw new Error('a refused request must not build dependencies');
      });

    // Act
    const response = await invoke(
      handler,
      apiEvent({ path: '/applications/app-1', pathParameters: { applicationId: 'app-1' }, claims: access }),
    );

    // Assess
    expect(() => principalFromClaims(access)).toThrow(Unauthorized);
    expect(response.statusCode).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });

  it('drops enterprise and department IDs that are no IDs of the model (they would end up in keys)', () => {
    // Act
    const enterprise = principalFromClaims({
      ...cognitoCommon,
      sub: 'u-3',
      'cognito:groups': '[enterprise]',
      'custom:enterpriseId': 'ent-a#STEP#x',
    });
    const agent = principalFromClaims({
      ...cognitoCommon,
      sub: 'u-4',
      'cognito:groups': '[agency-officer]',
      'custom:agencyFor': 'ent-a,ent-b#x,../ent-c, ent-d',
    });
    const officer = principalFromClaims({
      ...cognitoCommon,
      sub: 'u-5',
      'cognito:groups': `[dept-${'x'.repeat(60)}]`,
    });

    // Assess
    expect(enterprise).toEqual({ userId: 'u-3', roles: [] });
    expect(agent.agencyFor).toEqual(['ent-a', 'ent-d']);
    expect(officer).toEqual({ userId: 'u-5', roles: [] });
  });

  it('gives no role to a user whose role lacks the attribute it needs', () => {
    expect(
      principalFromClaims({ ...cognitoCommon, sub: 'u-1', 'cognito:groups': '[enterprise]' }).roles,
    ).toEqual([]);
    expect(
      principalFromClaims({
        ...cognitoCommon,
        sub: 'u-2',
        'cognito:groups': '[window-clerk]',
        'custom:department': 'natural-resources',
      }),
    ).toEqual({ userId: 'u-2', roles: ['window-clerk'] });
  });
});

describe('the identity resources of the stack', () => {
  let template: Template;
  let json: CfnTemplate;
  beforeAll(() => {
    ({ template, json } = synthesizeApproval());
  }, 120_000);

  const logicalId = (type: string) => {
    const ids = Object.entries(json.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
    expect(ids, type).toHaveLength(1);
    return ids[0]!;
  };

  it("verifies ID tokens of the portal's app client: the pool as issuer, the client as audience", () => {
    // Prepare
    const userPool = logicalId('AWS::Cognito::UserPool');
    const client = logicalId('AWS::Cognito::UserPoolClient');

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: client }],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: userPool }],
          ],
        },
      },
    });
  });

  it('lets users read but never write the attributes that decide what they may act on', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ReadAttributes: Match.arrayWith(['custom:agencyFor', 'custom:department', 'custom:enterpriseId']),
      WriteAttributes: ['email', 'name'],
    });
  });

  it('signs in by SRP only: no self sign-up, no OAuth grants, no password sent in the clear', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: Match.absent(),
      CallbackURLs: Match.absent(),
      GenerateSecret: false,
    });
  });

  it('has a group for every role and for every department a permit goes to', () => {
    const groups = userGroups.map((g) => g.name);
    for (const role of ['enterprise', 'window-clerk', 'agency-officer', 'administrator']) {
      expect(groups).toContain(role);
    }
    for (const department of new Set(Object.values(DEFAULT_WORKFLOW_CONFIG.permitDepartments))) {
      expect(groups).toContain(`dept-${department}`);
    }
  });
});
