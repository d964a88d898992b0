// The one Lambda construct of the platform: the defaults every function shares (Node.js 22 on arm64, X-Ray,
// a log group with retention, JSON logs, minified ESM with source maps, bundled by the project's own esbuild)
// and grant helpers that give a function exactly the actions it uses, so the stack reads as decisions.
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  type CfnFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { idempotencyTableEnvironment } from '#shared/data/idempotency-table';
import { indexes } from '#shared/data/table';
import { METRICS_NAMESPACE } from '#shared/observability/metrics';
import { idempotencyPartitionPrefix } from '#shared/data/idempotency-store';
import { definitionChecksEnvironment } from '#shared/http/definition-checks';
import { adapterFlags } from '#shared/runtime/optional-adapters';
import {
  apiRoutes,
  declaredRoute,
  declaredRoutesVariable,
  environmentNames,
  functionMetadata,
  type ApiRoute,
  type FunctionSpec,
  type TableAccess,
} from '#infra/routes';

/** The repository root: entries in the route table are relative to it, and esbuild bundles from it. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Table actions, matched to what shared/data/repository.ts sends: GetCommand, QueryCommand (on the table and
 * its indexes) and TransactWriteCommand. A transaction has no IAM action of its own; each of its parts needs
 * the item action it performs (Put → PutItem, Update → UpdateItem, ConditionCheck → ConditionCheckItem).
 * Nothing deletes, nothing expires: an approval record is never removed (see deniedTableActions).
 */
export const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const satisfies Record<Exclude<TableAccess, 'none'>, readonly string[]>;

/**
 * What an idempotent route does on the idempotency table (services/api/idempotency-store.ts): read a record,
 * claim or complete it (Put), release the key of a failed request (Delete). On that table only.
 */
export const idempotencyRecordActions = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
] as const;

/**
 * Attributes no write to the application table may carry, denied by IAM (`dynamodb:Attributes` holds the
 * attribute names of a PutItem's item and of an UpdateItem's update):
 * - `expiresAt`, a TTL attribute: the table has no TTL, and this keeps a later one from deleting records;
 * - an audit event's own attributes, in updates: events are only ever Put whole (with attribute_not_exists),
 *   so no UpdateItem may rewrite who did what. IAM cannot see a Put's condition expression nor the sort key,
 *   so an overwriting Put of an event stays possible for a function holding PutItem: the audit archive
 *   (audit-archive.ts) keeps every version of every event where no function can reach it.
 */
export const deniedTableAttributes = {
  putOrUpdate: ['expiresAt'],
  update: ['eventId', 'actor', 'detail', 'onBehalfOf', 'fromStatus', 'toStatus', 'type', 'at'],
} as const;

/** Never granted, and denied outright on the application table, whatever a later grant may add. */
export const deniedTableActions = [
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLInsert',
  'dynamodb:UpdateTimeToLive',
] as const;

/**
 * What a decision needs to end a human step: every outcome, refusals included, is a SendTaskSuccess the state
 * machine routes on; nothing sends a failure. Heartbeats are not used (the local executor lacks them).
 */
export const taskCallbackActions = ['states:SendTaskSuccess'] as const;

/**
 * The esbuild options every function is bundled with; `npm run bench` (scripts/bench/lambda-weight.ts) bundles
 * each entry with the same ones to weigh its cold start.
 */
export const lambdaBundling = {
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies still call `require`; ESM output has none unless we make one.
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  /** Constants esbuild writes into the code, so it can drop what they turn off. */
  define: {
    // Routes and handlers were checked by the tests; no JSON Schema is generated at a cold start.
    [`process.env.${definitionChecksEnvironment}`]: '"true"',
  },
  /** Packages swapped for a leaner module in bundles (paths relative to the project root). */
  alias: {
    // The execution role's credentials from the environment, not the whole default chain (infra/lambda/credentials.ts).
    '@aws-sdk/credential-provider-node': './infra/lambda/credentials.ts',
  },
} as const;

/** What of a function's row in infra/routes.ts decides its bundle. */
export type BundledSpec = Pick<FunctionSpec, 'taskCallbacks' | 'startsExecution' | 'documents'> &
  Partial<Pick<ApiRoute, 'idempotent'>>;

/**
 * The constants one function is bundled with: `lambdaBundling.define` and, from its row in the route table, which
 * optional adapters it carries (shared/runtime/optional-adapters.ts). The same flags give it its IAM grants, so
 * a bundle never lacks an adapter its role lets it use.
 */
export function bundleDefinesFor(spec: BundledSpec): Record<string, string> {
  const flag = (on: boolean) => (on ? '"true"' : '"false"');
  return {
    ...lambdaBundling.define,
    [`process.env.${adapterFlags.stepFunctions}`]: flag(spec.taskCallbacks || spec.startsExecution),
    [`process.env.${adapterFlags.idempotency}`]: flag(spec.idempotent === true),
    [`process.env.${adapterFlags.certificateRenderer}`]: flag(
      spec.documents?.includes('certificates:write') === true,
    ),
    // What handlers take from the route table (infra/routes.ts), as a JSON string: not the table itself.
    [`process.env.${declaredRoutesVariable}`]: JSON.stringify(
      JSON.stringify(Object.fromEntries(apiRoutes.map((r) => [r.name, declaredRoute(r.name)]))),
    ),
  };
}

/**
 * esbuild's options for one function as NodejsFunction passes them (the bench and the bundle tests build with
 * these; the stack gives NodejsFunction the same values below).
 */
export function esbuildOptionsFor(spec: FunctionSpec & BundledSpec): BuildOptions {
  return {
    entryPoints: [`${projectRoot}${spec.entry}`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    mainFields: [...lambdaBundling.mainFields],
    banner: { js: lambdaBundling.banner },
    alias: { ...lambdaBundling.alias },
    define: bundleDefinesFor(spec),
    absWorkingDir: projectRoot,
  };
}

export interface ProjectFunctionProps {
  /** The function's entry in the route table (name, handler file, description, what its bundle carries). */
  readonly spec: Pick<FunctionSpec, 'name' | 'entry' | 'description'> & BundledSpec;
  /**
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * How long the function's logs are kept. The audit trail lives in DynamoDB; logs serve operations.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * @default RemovalPolicy.DESTROY (logs go with the stack; retention bounds them anyway)
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  readonly environment?: Record<string, string>;
  /**
   * Files copied next to the bundle (e.g. a font), readable at `/var/task/<file name>`.
   * @default none
   */
  readonly bundleFiles?: readonly string[];
}

/** One Lambda function with the platform's defaults and least-privilege grant helpers. */
export class ProjectFunction extends Construct {
  public readonly lambdaFunction: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly spec: ProjectFunctionProps['spec'];

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    this.spec = props.spec;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // An own role instead of the managed AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.spec.name}`,
    });
    this.logGroup.grantWrite(this.role);

    this.lambdaFunction = new NodejsFunction(this, 'Function', {
      entry: `${projectRoot}${props.spec.entry}`,
      handler: 'handler',
      description: props.spec.description,
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.spec.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // Stack traces point into the TypeScript sources (the bundle ships its source map).
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: lambdaBundling.target,
        minify: lambdaBundling.minify,
        sourceMap: true,
        sourcesContent: false,
        mainFields: [...lambdaBundling.mainFields],
        // The SDK version the tests ran against goes into the bundle, not whichever one the runtime carries.
        bundleAwsSDK: true,
        externalModules: [],
        banner: lambdaBundling.banner,
        define: bundleDefinesFor(props.spec),
        esbuildArgs: {
          '--alias': Object.entries(lambdaBundling.alias).map(([from, to]) => `${from}=${to}`),
        },
        ...(props.bundleFiles && props.bundleFiles.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, outputDir: string) =>
                  props.bundleFiles!.map((file) => `cp "${file}" "${outputDir}/"`),
              },
            }
          : {}),
      },
    });

    const cfn = this.lambdaFunction.node.defaultChild as CfnFunction;
    cfn.addMetadata(functionMetadata.entry, props.spec.entry);
    cfn.addMetadata(functionMetadata.name, props.spec.name);

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray trace submission (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions.',
    );
    acknowledge(
      this.lambdaFunction,
      'AwsSolutions-L1',
      'Node.js 22 on purpose: the tests and the embedded runtime run on the same major (the node@22 package), and ' +
        'Lambda supports it until its end of life in April 2027. Moving to 24 changes the runtime and that package together.',
    );
  }

  /** Grants the table actions of `access` (on the table and its indexes) and tells the function the table's name. */
  bindTable({ table, access }: { table: ITable; access: Exclude<TableAccess, 'none'> }): this {
    const actions = [...tableActions[access]];
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [table.tableArn] }),
    );
    // Queries on the sparse indexes (inboxes, the sweeper, "applications of enterprise Y"): named, not index/*.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: Object.values(indexes).map((index) => `${table.tableArn}/index/${index.indexName}`),
      }),
    );
    this.lambdaFunction.addEnvironment(environmentNames.tableName, table.tableName);
    if (access === 'readWrite') this.denyAuditRewrites(table);
    return this;
  }

  /** The Deny statements that keep the application table append-only for events (see deniedTableAttributes). */
  private denyAuditRewrites(table: ITable): void {
    const tableArns = [table.tableArn, `${table.tableArn}/index/*`];
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.DENY, actions: [...deniedTableActions], resources: tableArns }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [...deniedTableAttributes.putOrUpdate] },
        },
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: {
          'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [...deniedTableAttributes.update] },
        },
      }),
    );
  }

  /**
   * Lets an idempotent route keep its records (`Idempotency-Key`) in the idempotency table, the only table with
   * a TTL, and tells it the table's name. Nothing on the application table: no function deletes anything there.
   */
  allowIdempotencyRecords(idempotencyTable: ITable): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...idempotencyRecordActions],
        resources: [idempotencyTable.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${idempotencyPartitionPrefix}*`] },
        },
      }),
    );
    this.lambdaFunction.addEnvironment(idempotencyTableEnvironment, idempotencyTable.tableName);
    return this;
  }

  /** Lets the function end human steps of this state machine (SendTaskSuccess). */
  allowTaskCallbacks(stateMachine: IStateMachine): this {
    // The callback APIs are authorized against the state machine that issued the token (an AccessDenied names
    // `...:stateMachine:<name>`); CDK's own grantTaskResponse adds `<arn>:*` for versions and aliases.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...taskCallbackActions],
        resources: [stateMachine.stateMachineArn, `${stateMachine.stateMachineArn}:*`],
      }),
    );
    acknowledge(
      this.role,
      `AwsSolutions-IAM5[Resource::<${nagReference(this.role, stateMachine)}>:*]`,
      'SendTaskSuccess on this one state machine, including its versions and aliases (<arn>:*).',
    );
    this.addStateMachineArn(stateMachine);
    return this;
  }

  /** Lets the function start executions of this state machine. */
  allowStart(stateMachine: IStateMachine): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['states:StartExecution'],
        resources: [stateMachine.stateMachineArn],
      }),
    );
    this.addStateMachineArn(stateMachine);
    return this;
  }

  /** Lets the function read one secret (GetSecretValue only) and tells it the secret's ARN. */
  allowSecretRead(secret: ISecret, environmentName: string): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret.secretArn],
      }),
    );
    this.lambdaFunction.addEnvironment(environmentName, secret.secretArn);
    return this;
  }

  private addStateMachineArn(stateMachine: IStateMachine): void {
    this.lambdaFunction.addEnvironment(environmentNames.stateMachineArn, stateMachine.stateMachineArn);
  }
}

/** Records why a cdk-nag finding stays: synthesis fails on any finding neither fixed nor acknowledged. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The logical ID CloudFormation gives a construct's resource, as cdk-nag prints it inside finding IDs. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement | undefined;
  if (!resource) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource);
}

/**
 * How cdk-nag names a reference to `target` (its `Ref`, or an attribute such as `Arn`) in the findings of
 * `from`'s stack: the logical ID in the same stack; in a nested stack, the parameter CDK makes for it
 * (`reference-to-<unique id><attribute>`, refs.ts in aws-cdk-lib), as an API route's function sees the table.
 */
export function nagReference(from: IConstruct, target: IConstruct, attribute?: 'Arn'): string {
  if (Stack.of(from) === Stack.of(target)) {
    return attribute ? `${logicalIdOf(target)}.${attribute}` : logicalIdOf(target);
  }
  const resource = target.node.defaultChild as CfnElement;
  return `referenceto${Names.nodeUniqueId(resource.node)}${attribute ?? 'Ref'}`;
}

/** `submit-application` → `SubmitApplication`: construct ids from route-table names. */
export function constructId(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
