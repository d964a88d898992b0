// The HTTP API: one route per entry of the route table, each to its own function with the grants the table
// names. Every route sits behind a JWT authorizer over the Cognito user pool, except the public ones
// (the OpenAPI document). Every function refuses a request that did not come through CloudFront (the
// origin-verification header). Decisions reach Step Functions only through these handlers, never from a browser.
import { Duration, NestedStack, RemovalPolicy } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { reservedConcurrencyByCost, routeCost, throttleByCost } from '#infra/edge-routes';
import { type ApiRoute, routeKey } from '#infra/routes';
import type { ApprovalDocuments } from './documents.ts';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CursorKey } from './cursor-key.ts';
import type { OriginVerificationSecret } from './origin-verification.ts';
import { acknowledge, constructId, ProjectFunction } from './project-function.ts';

export interface ApprovalApiProps {
  readonly routes: readonly ApiRoute[];
  readonly table: ITable;
  /** Where idempotent routes keep their records. */
  readonly idempotencyTable: ITable;
  readonly stateMachine: IStateMachine;
  /** The document bucket and signing key, bound to each route as its spec says. */
  readonly documents: ApprovalDocuments;
  readonly userPool: IUserPool;
  readonly userPoolClients: readonly IUserPoolClient[];
  /**
   * Origins allowed to call the API from a browser. The portal served from the same domain needs none.
   * @default - no CORS configuration
   */
  readonly corsAllowedOrigins?: string[];
  /**
   * Steady-state requests per second across the stage, and the burst above it.
   * @default { rateLimit: 50, burstLimit: 100 }
   */
  readonly throttle?: { rateLimit: number; burstLimit: number };
  /**
   * @default RetentionDays.THREE_MONTHS
   */
  readonly accessLogRetention?: RetentionDays;
  /** The key paged routes seal their cursors with. */
  readonly cursorKey: CursorKey;
  /** The value CloudFront sends; every route's function reads it and refuses requests without it. */
  readonly originVerification: OriginVerificationSecret;
}

/** HTTP API → one Lambda per route, JWT-authorized. */
export class ApprovalApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  /** Route key (`POST /applications`) → the function behind it. */
  public readonly functions: ReadonlyMap<string, ProjectFunction>;
  /**
   * The nested stacks holding the routes' functions, one per bounded context (`services/<context>/`): a
   * function with its role, policy, log group and invoke permission is five resources, and fifty routes of them
   * would pass CloudFormation's 500 per stack. The API, its routes and integrations stay here.
   */
  public readonly functionStacks: ReadonlyMap<string, NestedStack>;

  constructor(scope: Construct, id: string, props: ApprovalApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'One-window approval API',
      createDefaultStage: false,
      ...(props.corsAllowedOrigins
        ? {
            corsPreflight: {
              allowOrigins: props.corsAllowedOrigins,
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // HTTP API context variables (the REST API's standard set names some that HTTP APIs lack).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            user: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      userPoolClients: [...props.userPoolClients],
      identitySource: ['$request.header.Authorization'],
    });
    const noAuthorizer = new HttpNoneAuthorizer();

    const functions = new Map<string, ProjectFunction>();
    const functionStacks = new Map<string, NestedStack>();
    const stackOf = (context: string): NestedStack => {
      let stack = functionStacks.get(context);
      if (!stack) {
        stack = new NestedStack(this, `${constructId(context)}Functions`, {
          description: `The functions of the ${context} routes of the one-window approval API`,
        });
        functionStacks.set(context, stack);
      }
      return stack;
    };
    for (const route of props.routes) {
      const fn = new ProjectFunction(stackOf(contextOf(route)), constructId(route.name), { spec: route });
      if (route.table !== 'none') fn.bindTable({ table: props.table, access: route.table });
      if (route.taskCallbacks) fn.allowTaskCallbacks(props.stateMachine);
      if (route.startsExecution) fn.allowStart(props.stateMachine);
      if (route.idempotent) fn.allowIdempotencyRecords(props.idempotencyTable);
      if (route.paged) props.cursorKey.grantTo(fn);
      props.originVerification.grantTo(fn);
      props.documents.bind(fn, route);

      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${constructId(route.name)}Integration`, fn.lambdaFunction),
        authorizer: route.public ? noAuthorizer : authorizer,
      });
      if (route.public && httpRoute) {
        acknowledge(
          httpRoute,
          'AwsSolutions-APIG4',
          `${routeKey(route)} is public by design: ${route.description}.`,
        );
      }
      functions.set(routeKey(route), fn);
    }
    this.functions = functions;
    this.functionStacks = functionStacks;
    this.limitByCost(props.routes);
  }

  /**
   * Per-route throttles on the stage and reserved concurrency on the expensive functions, by each route's cost
   * (infra/edge-routes.ts): one token holder can no longer spend a cheap read's budget on a workflow write.
   * Per-client limits are WAF's, at the edge.
   */
  private limitByCost(routes: readonly ApiRoute[]): void {
    const stage = this.stage.node.defaultChild as CfnStage;
    stage.routeSettings = Object.fromEntries(
      routes.map((route) => {
        const { rateLimit, burstLimit } = throttleByCost[routeCost(route)];
        // RouteSettings is untyped JSON in the L1: CloudFormation's own (PascalCase) property names.
        return [routeKey(route), { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit }];
      }),
    );
    for (const route of routes) {
      const reserved = reservedConcurrencyByCost[routeCost(route)];
      if (reserved === undefined) continue;
      const fn = this.functions.get(routeKey(route))!.lambdaFunction.node.defaultChild as CfnFunction;
      fn.reservedConcurrentExecutions = reserved;
    }
  }

  /** The API's base URL. */
  get url(): string {
    return this.stage.url;
  }
}

/** `services/intake/handlers/submit-application.ts` → `intake`: the bounded context a route's handler lives in. */
export function contextOf(route: Pick<ApiRoute, 'entry' | 'name'>): string {
  const context = /^services\/([a-z0-9-]+)\//.exec(route.entry)?.[1];
  if (!context) throw new Error(`${route.name}: its entry ${route.entry} is outside services/<context>/`);
  return context;
}
