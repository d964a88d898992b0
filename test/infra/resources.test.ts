// The table, the user pool, the API and the SLA schedule as deployed.
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { userGroups } from '#infra/constructs/auth';
import type { CfnTemplate } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';
import { App, Stack } from 'aws-cdk-lib';
import { Template as CdkTemplate } from 'aws-cdk-lib/assertions';
import { mailIdentityPlaceholder, OutboxToNotifications } from '#infra/constructs/notifications';
import { ApprovalTable } from '#infra/constructs/table';
import {
  apiRoutes,
  directorySync,
  environmentNames,
  functionMetadata,
  notificationConsumer,
  outboxEnrichment,
  routeKey,
  slaSweeper,
} from '#infra/routes';
import { idempotencyTableDefinition } from '#shared/data/idempotency-table';
import { DAILY_DIGEST_TYPE, OUTBOX_DETAIL_TYPE, OUTBOX_SOURCE } from '#shared/outbox/envelope';
import { tableDefinition } from '#shared/data/table';
import { projectionOf } from '#shared/data/index-projection';
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
        Projection: { ProjectionType: projectionOf(index).type },
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

describe('CloudFormation limits', () => {
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
  const limits = { resources: 500, parameters: 200, outputs: 200 };

  it('keeps every stack, nested ones included, within the resources, parameters and outputs one stack may have', () => {
    // Prepare
    const { deployed } = synthesizeApproval();
    const count = (section: unknown) => Object.keys((section as object | undefined) ?? {}).length;

    const over = deployed.flatMap(({ name, json: stack }) => {
      const { Parameters, Outputs } = stack as { Parameters?: object; Outputs?: object };
      const counts = {
        resources: count(stack.Resources),
        parameters: count(Parameters),
        outputs: count(Outputs),
      };
      return Object.entries(counts)
        .filter(([kind, n]) => n > limits[kind as keyof typeof limits])
        .map(([kind, n]) => `${name}: ${n} ${kind}`);
    });

    // Assess
    expect(over).toEqual([]);
  });

  it("puts each route's function in its context's nested stack, leaving the API's routes and integrations here", () => {
    // Prepare
    const { deployed } = synthesizeApproval();
    const [parent] = deployed;
    const inParent = new Set(
      resourcesOfType(parent!.json, 'AWS::Lambda::Function').map(
        ([, fn]) => fn.Metadata?.[functionMetadata.name],
      ),
    );

    // Assess
    expect(apiRoutes.filter((route) => inParent.has(route.name)).map((route) => route.name)).toEqual([]);
    expect(resourcesOfType(parent!.json, 'AWS::ApiGatewayV2::Route')).toHaveLength(apiRoutes.length);
    expect(resourcesOfType(parent!.json, 'AWS::ApiGatewayV2::Integration')).toHaveLength(apiRoutes.length);
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

  it('puts every route except the public ones (OpenAPI document, certificate check, guides, figures) behind the Cognito JWT authorizer', () => {
    // Prepare
    const [authorizerId, authorizer] = resourcesOfType(json, 'AWS::ApiGatewayV2::Authorizer')[0]!;

    // Assess
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(JSON.stringify(authorizer.Properties!.JwtConfiguration)).toContain('cognito-idp.');
    for (const [, route] of resourcesOfType(json, 'AWS::ApiGatewayV2::Route')) {
      const anonymous = [
        'GET /openapi.json',
        'GET /verify/{certificateNo}',
        // The public face (services/public, services/reports): guides and published figures.
        'GET /public/guides',
        'GET /public/guides/{permitType}',
        'GET /public/performance',
        'GET /public/notices',
      ];
      if (anonymous.includes(String(route.Properties!.RouteKey))) {
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

  it('publishes nothing itself: its transitions leave through the outbox', () => {
    // Prepare
    const [, sweeper] = functionNamed(json, slaSweeper.name);

    // Assess
    const variables = (sweeper.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).not.toContain('SLA_EVENT_BUS_NAME');
  });
});

interface PipeProperties {
  Source: unknown;
  Target: unknown;
  Enrichment: unknown;
  SourceParameters: {
    DynamoDBStreamParameters: Record<string, unknown> & { DeadLetterConfig: { Arn: unknown } };
    FilterCriteria: { Filters: { Pattern: string }[] };
  };
  TargetParameters: { EventBridgeEventBusParameters: unknown };
}

interface RuleProperties {
  EventPattern: Record<string, unknown> & { detail: { event: { type: string[] } } };
  Targets: { Arn: unknown; DeadLetterConfig: { Arn: unknown } }[];
}

describe('OutboxToNotifications', () => {
  it("writes the people directory at every sign-in: the pool's pre token generation trigger is the sync function", () => {
    // Prepare
    const [poolId, pool] = resourcesOfType(json, 'AWS::Cognito::UserPool')[0]!;
    const [syncId, sync] = functionNamed(json, directorySync.name);
    const permission = resourcesOfType(json, 'AWS::Lambda::Permission').find(
      ([, p]) => targetOf((p.Properties as { FunctionName: unknown }).FunctionName) === syncId,
    );

    // Assess
    const triggers = (pool.Properties as { LambdaConfig: { PreTokenGeneration: unknown } }).LambdaConfig;
    expect(targetOf(triggers.PreTokenGeneration)).toBe(syncId);
    expect(permission?.[1].Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
    });
    expect(targetOf((permission![1].Properties as { SourceArn: unknown }).SourceArn)).toBe(poolId);
    // Cognito waits at most 5 seconds for a trigger.
    expect((sync.Properties as { Timeout: number }).Timeout).toBeLessThanOrEqual(5);
  });

  it('sends from the SES identity a deployment names (cdk deploy -c mailFromIdentity=...), else a placeholder', () => {
    // Prepare: the construct alone, in apps with and without the context values.
    const consumerOf = (context: Record<string, string>) => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
      const stack = new Stack(app, 'Mail');
      const data = new ApprovalTable(stack, 'Data');
      new OutboxToNotifications(stack, 'Notifications', { table: data.table, portalUrl: 'https://p' });
      const template = CdkTemplate.fromStack(stack).toJSON() as CfnTemplate;
      const [, fn] = functionNamed(template, notificationConsumer.name);
      const policies = JSON.stringify(resourcesOfType(template, 'AWS::IAM::Policy'));
      return {
        from: (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment
          .Variables[environmentNames.mailFrom],
        policies,
      };
    };

    // Act
    const named = consumerOf({ mailFromIdentity: 'notify.example.gov.cn' });
    const address = consumerOf({
      mailFromIdentity: 'notify.example.gov.cn',
      mailFrom: '审批通知 <no-reply@notify.example.gov.cn>',
    });
    const placeholder = consumerOf({});

    // Assess
    expect(named.from).toBe('notifications@notify.example.gov.cn');
    expect(named.policies).toContain(':identity/notify.example.gov.cn');
    expect(named.policies).not.toContain(mailIdentityPlaceholder);
    expect(address.from).toBe('审批通知 <no-reply@notify.example.gov.cn>');
    expect(placeholder.from).toBe(`notifications@${mailIdentityPlaceholder}`);
    expect(placeholder.policies).toContain(`:identity/${mailIdentityPlaceholder}`);
  });

  it('streams the new image of every item of the table (the transactional outbox)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('pipes inserted audit events, in stream order and never dropped, through the enrichment to the domain bus', () => {
    // Prepare
    const [busId] = resourcesOfType(json, 'AWS::Events::EventBus')[0]!;
    // The outbox's pipe (the audit archive's reads the same stream into Firehose).
    const [, pipe] = resourcesOfType(json, 'AWS::Pipes::Pipe').find(
      ([, p]) => targetOf((p.Properties as { Target: unknown }).Target) === busId,
    )!;
    const [tableId] = resourcesOfType(json, 'AWS::DynamoDB::Table')[0]!;
    // The template's JSON, read as the CloudFormation reference describes it.
    const props = pipe.Properties as unknown as PipeProperties;

    // Assess
    expect(targetOf(props.Source)).toBe(tableId);
    expect(JSON.stringify(props.Source)).toContain('StreamArn');
    expect(targetOf(props.Target)).toBe(busId);
    expect(targetOf(props.Enrichment)).toBe(functionNamed(json, outboxEnrichment.name)[0]);
    const source = props.SourceParameters.DynamoDBStreamParameters;
    expect(source).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1,
    });
    expect(source.DeadLetterConfig.Arn).toBeDefined();
    const [filter, digestFilter] = props.SourceParameters.FilterCriteria.Filters;
    expect(JSON.parse(filter!.Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { itemType: { S: ['event'] }, pk: { S: [{ prefix: 'APP#' }] } } },
    });
    // 每日红灯摘要: the daily digest item, the outbox's second (and only other) family.
    expect(JSON.parse(digestFilter!.Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { itemType: { S: ['digest'] }, pk: { S: [{ prefix: 'DIGEST#' }] } } },
    });
    expect(props.SourceParameters.FilterCriteria.Filters).toHaveLength(2);
    expect(props.TargetParameters.EventBridgeEventBusParameters).toEqual({
      Source: OUTBOX_SOURCE,
      DetailType: OUTBOX_DETAIL_TYPE,
    });
  });

  it('routes the events that tell someone something through a queue to the notification function, with a dead-letter queue', () => {
    // Prepare
    const [, rule] = resourcesOfType(json, 'AWS::Events::Rule').find(
      ([, r]) => (r.Properties as { EventBusName?: unknown }).EventBusName !== undefined,
    )!;
    const props = rule.Properties as unknown as RuleProperties;
    const [consumerId] = functionNamed(json, notificationConsumer.name);
    const queues = resourcesOfType(json, 'AWS::SQS::Queue');
    const [queueId, queue] = queues.find(
      ([, q]) => (q.Properties as { RedrivePolicy?: unknown }).RedrivePolicy,
    )!;
    const redrive = (
      queue.Properties as { RedrivePolicy: { deadLetterTargetArn: unknown; maxReceiveCount: number } }
    ).RedrivePolicy;
    const [, mapping] = resourcesOfType(json, 'AWS::Lambda::EventSourceMapping')[0]!;

    // Assess
    expect(props.EventPattern).toMatchObject({
      source: [OUTBOX_SOURCE],
      'detail-type': [OUTBOX_DETAIL_TYPE],
    });
    expect(props.EventPattern.detail.event.type).toEqual(
      expect.arrayContaining(['supplement-requested', 'step-escalated', 'permits-issued', DAILY_DIGEST_TYPE]),
    );
    expect(props.Targets).toHaveLength(1);
    expect(targetOf(props.Targets[0]!.Arn)).toBe(queueId);
    expect(targetOf(props.Targets[0]!.DeadLetterConfig.Arn)).toBe(targetOf(redrive.deadLetterTargetArn));
    expect(redrive.maxReceiveCount).toBe(5);
    expect(mapping.Properties).toMatchObject({
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(targetOf((mapping.Properties as { FunctionName: unknown }).FunctionName)).toBe(consumerId);
    expect(targetOf((mapping.Properties as { EventSourceArn: unknown }).EventSourceArn)).toBe(queueId);
  });

  it('alarms on any message in either dead-letter queue', () => {
    // Prepare
    const queues = resourcesOfType(json, 'AWS::SQS::Queue').map(([id]) => id);
    // The alarms live in the monitoring nested stack; a queue reaches it as a parameter the parent passes.
    const { monitoring } = synthesizeApproval();
    const [, nested] = resourcesOfType(json, 'AWS::CloudFormation::Stack')[0]!;
    const passed = nested.Properties!.Parameters as Record<string, unknown>;
    const alarms = resourcesOfType(monitoring.json, 'AWS::CloudWatch::Alarm').filter(
      ([, alarm]) =>
        (alarm.Properties as { MetricName?: string }).MetricName === 'ApproximateNumberOfMessagesVisible',
    );

    // Assess: the two dead-letter queues (not the notification queue in front of the function).
    expect(queues).toHaveLength(3);
    const deadLetterQueues = resourcesOfType(json, 'AWS::SQS::Queue')
      .filter(([, q]) => !(q.Properties as { RedrivePolicy?: unknown }).RedrivePolicy)
      .map(([id]) => id);
    const watched = alarms.map(([, alarm]) => {
      const parameter = targetOf(
        (alarm.Properties as { Dimensions: { Value: unknown }[] }).Dimensions[0]!.Value,
      )!;
      return targetOf(passed[parameter]);
    });
    expect(watched.sort()).toEqual(deadLetterQueues.sort());
  });
});
