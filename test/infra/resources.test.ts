// The table, the user pool, the API and the SLA schedule as deployed.
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { userGroups } from '#infra/constructs/auth';
import type { CfnTemplate } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';
import { apiRoutes, routeKey, slaSweeper } from '#infra/routes';
import { idempotencyTableDefinition } from '#shared/data/idempotency-table';
import { tableDefinition } from '#shared/data/table';
import { functionNamed, resourcesOfType, targetOf } from './template.ts';

let template: Template;
let json: CfnTemplate;
beforeAll(() => {
  ({ template, json } = synthesizeApproval());
});

describe('ApprovalTable', () => {
  it('is on-demand, recoverable to a point in time, never expiring anything, streamed, and protected from deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: Match.absent(),
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
      }),
    });
  });

  it('keeps idempotency records in a table of their own, the only one expiring items by TTL', () => {
    const tables = resourcesOfType(json, 'AWS::DynamoDB::Table');
    const withTtl = tables.filter(([, t]) => t.Properties?.TimeToLiveSpecification !== undefined);
    expect(tables).toHaveLength(2);
    expect(withTtl).toHaveLength(1);
    expect(withTtl[0]![1].Properties).toMatchObject({
      TimeToLiveSpecification: {
        AttributeName: idempotencyTableDefinition.timeToLiveAttribute,
        Enabled: true,
      },
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(withTtl[0]![1].Properties?.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('has the global secondary indexes of the table definition', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: tableDefinition.indexProjection },
      })),
    });
  });
});

describe('ApprovalAuth', () => {
  it('has a group per role and per department', () => {
    const groups = resourcesOfType(json, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => g.Properties!.GroupName,
    );
    expect(groups.sort()).toEqual(userGroups.map((g) => g.name).sort());
  });

  it('requires a second factor and strong passwords, and lets only administrators create users', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
  });

  it('never lets users write the attributes that decide what they may act on', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      WriteAttributes: Match.not(Match.arrayWith([Match.stringLikeRegexp('^custom:')])),
    });
  });
});

describe('ApprovalApi', () => {
  it('has one route per entry of the route table, each to its own function', () => {
    // Prepare
    const routes = resourcesOfType(json, 'AWS::ApiGatewayV2::Route');

    // Assess
    expect(routes.map(([, r]) => r.Properties!.RouteKey).sort()).toEqual(apiRoutes.map(routeKey).sort());
    for (const route of apiRoutes) {
      const [, cfnRoute] = routes.find(([, r]) => r.Properties!.RouteKey === routeKey(route))!;
      const integrationId = JSON.stringify(cfnRoute.Properties!.Target).match(/"Ref":"([^"]+)"/)![1]!;
      const integration = json.Resources[integrationId]!;
      expect(targetOf(integration.Properties!.IntegrationUri)).toBe(functionNamed(json, route.name)[0]);
      expect(integration.Properties!.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('puts every route except the public ones (OpenAPI document, certificate check) behind the Cognito JWT authorizer', () => {
    // Prepare
    const [authorizerId, authorizer] = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer')[0]!;

    // Assess
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(JSON.stringify(authorizer.Properties!.JwtConfiguration)).toContain('cognito-idp.');
    for (const [, route] of resourcesOfType(json, 'AWS::ApiGatewayV2::Route')) {
      if (['GET /openapi.json', 'GET /verify/{certificateNo}'].includes(String(route.Properties!.RouteKey))) {
        expect(route.Properties!.AuthorizationType).toBe('NONE');
      } else {
        expect(route.Properties!.AuthorizationType).toBe('JWT');
        expect(targetOf(route.Properties!.AuthorizerId)).toBe(authorizerId);
      }
    }
  });

  it('logs access and throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
  });
});

describe('SlaSweeper', () => {
  it('runs the sweeper every 15 minutes', () => {
    // Prepare
    const [, schedule] = resourcesOfType(json, 'AWS::Scheduler::Schedule')[0]!;

    // Assess
    expect(schedule.Properties!.ScheduleExpression).toBe('rate(15 minutes)');
    expect(targetOf((schedule.Properties!.Target as { Arn: unknown }).Arn)).toBe(
      functionNamed(json, slaSweeper.name)[0],
    );
  });

  it('publishes on an event bus of its own', () => {
    // Prepare
    const [, sweeper] = functionNamed(json, slaSweeper.name);
    const [busId] = resourcesOfType(json, 'AWS::Events::EventBus')[0]!;

    // Assess
    expect(
      targetOf(
        (sweeper.Properties!.Environment as { Variables: Record<string, unknown> }).Variables
          .SLA_EVENT_BUS_NAME,
      ),
    ).toBe(busId);
  });
});
