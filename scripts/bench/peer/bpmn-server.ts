// The bpmn-engine peer of `npm run bench` (scripts/bench/peer.ts) as a server would run it: one item per
// application holding the engine's state (engine.getState(), JSON), and every request (a new application, one
// human decision) loads it, recovers and resumes an engine, signals the waiting user task and saves it again,
// conditionally on its version. The flow is one-window.bpmn beside this file.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { Engine } from 'bpmn-engine';
import { permitCatalog, type DefaultPermitType as PermitType } from '#shared/model';
import { partitionBytes, timed } from './measures.ts';

export const permitTypes = Object.keys(permitCatalog) as PermitType[];
/** The permit whose review asks for a supplement, on both sides of the bench. */
export const supplemented: PermitType = 'construction';
const bpmnSource = readFileSync(new URL('one-window.bpmn', import.meta.url), 'utf8');

/** The peer's table: `pk` the application, `sk` STATE (the engine's state) or PERMIT#<type>. */
export async function createPeerTable(client: DynamoDBDocumentClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}

/** What the engine hands a listener: the activity's id, type, and its output once it ends. */
interface ActivityApi {
  id: string;
  type: string;
  content: { output?: unknown };
  environment: { output: Record<string, unknown> };
}

type EngineInstance = InstanceType<typeof Engine>;

export const taskId = (kind: 'review' | 'supplement', permit: PermitType) =>
  `${kind}_${permit.replace(/-/g, '_')}`;

/**
 * The server side of the peer. Every call is a request a server would answer: start an application, or take one
 * human decision. Between calls the engine lives only in DynamoDB, unless `keep` holds it (the memory figure).
 */
export class BpmnServer {
  /** Engines kept in memory after their decision (for the heap figure), by application. */
  readonly kept = new Map<string, EngineInstance>();
  keep = false;
  maxStateBytes = 0;
  sourceBytes = 0;
  /** Milliseconds spent, all calls together: `total` of submit and decide, `store` of their DynamoDB calls. */
  spent: Record<string, number> = {};

  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  /** The engine's services: joint issuance records the five permits (one BatchWriteItem). */
  #services(applicationId: string) {
    return {
      issuePermits: (_context: unknown, next: (error: unknown, result?: unknown) => void) => {
        timed(this.spent, 'store', () =>
          this.client.send(
            new BatchWriteCommand({
              RequestItems: {
                [this.table]: permitTypes.map((permit) => ({
                  PutRequest: {
                    Item: {
                      pk: `APP#${applicationId}`,
                      sk: `PERMIT#${permit}`,
                      certificateNo: `${permit}-${applicationId.slice(0, 8)}`,
                    },
                  },
                })),
              },
            }),
          ),
        ).then(() => next(null, { issued: permitTypes }), next);
      },
    };
  }

  /** Keeps each user task's signal as the process output, where the gateways' conditions read it. */
  #listener(waiting: Set<string>): EventEmitter {
    const listener = new EventEmitter();
    listener.on('activity.wait', (api: ActivityApi) => waiting.add(api.id));
    listener.on('activity.end', (api: ActivityApi) => {
      waiting.delete(api.id);
      if (api.type === 'bpmn:UserTask' && api.content.output !== undefined) {
        api.environment.output[api.id] = api.content.output;
      }
    });
    return listener;
  }

  async submit(applicationId: string): Promise<void> {
    return timed(this.spent, 'total', () => this.#submit(applicationId));
  }

  async #submit(applicationId: string): Promise<void> {
    const waiting = new Set<string>();
    const engine = new Engine({
      name: applicationId,
      source: bpmnSource,
      services: this.#services(applicationId),
    });
    await engine.execute({ listener: this.#listener(waiting) });
    if (!waiting.has('intake')) throw new Error(`peer ${applicationId} does not wait at intake`);
    await this.#save(applicationId, engine, 0);
  }

  /** One human decision: load, recover, resume, signal the waiting user task, save. */
  async decide(applicationId: string, task: string, message: Record<string, unknown>): Promise<string[]> {
    return timed(this.spent, 'total', () => this.#decide(applicationId, task, message));
  }

  async #decide(applicationId: string, task: string, message: Record<string, unknown>): Promise<string[]> {
    const stored = (
      await timed(this.spent, 'store', () =>
        this.client.send(
          new GetCommand({
            TableName: this.table,
            Key: { pk: `APP#${applicationId}`, sk: 'STATE' },
            ConsistentRead: true,
          }),
        ),
      )
    ).Item as { state: string; version: number } | undefined;
    if (!stored) throw new Error(`peer ${applicationId} not found`);
    const waiting = new Set<string>();
    const engine = new Engine().recover(JSON.parse(stored.state), {
      services: this.#services(applicationId),
    });
    const execution = await engine.resume({ listener: this.#listener(waiting) });
    // A server refuses a decision for a task that is not waiting (a stale screen, a second click).
    if (!waiting.has(task))
      throw new Error(`peer ${applicationId}: ${task} is not waiting (${[...waiting]})`);
    execution.signal({ id: task, ...message });
    // Joint issuance is an asynchronous service task: the state is saved once it has run.
    if (execution.activityStatus === 'executing') await engine.waitFor('end');
    await this.#save(applicationId, engine, stored.version);
    return [...waiting];
  }

  async #save(applicationId: string, engine: EngineInstance, version: number): Promise<void> {
    const state = await engine.getState();
    const json = JSON.stringify(state);
    this.maxStateBytes = Math.max(this.maxStateBytes, Buffer.byteLength(json));
    this.sourceBytes ||= Buffer.byteLength(
      (state.definitions[0] as unknown as { source: string } | undefined)?.source ?? '',
    );
    // Optimistic locking: two officers deciding parallel reviews at once must not overwrite each other's state.
    await timed(this.spent, 'store', () =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `APP#${applicationId}`, sk: 'STATE', version: version + 1, state: json },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
        }),
      ),
    );
    if (this.keep) this.kept.set(applicationId, engine);
  }

  /** How many permits joint issuance recorded for the application. */
  async permitsIssued(applicationId: string): Promise<number> {
    const { Count = 0 } = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :permit)',
        ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':permit': 'PERMIT#' },
        Select: 'COUNT',
      }),
    );
    return Count;
  }

  /** The saved state's version: 1 after the application started, +1 per decision. */
  async version(applicationId: string): Promise<number | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `APP#${applicationId}`, sk: 'STATE' },
        ConsistentRead: true,
      }),
    );
    return Item?.version as number | undefined;
  }

  async storedBytes(applicationId: string): Promise<number> {
    return partitionBytes(this.client, this.table, 'pk', `APP#${applicationId}`);
  }
}

export async function peerToReview(server: BpmnServer, id: string): Promise<void> {
  await server.submit(id);
  await server.decide(id, 'intake', { accepted: true });
}

export async function peerLifecycle(server: BpmnServer, id: string = randomUUID()): Promise<void> {
  await peerToReview(server, id);
  await server.decide(id, taskId('review', supplemented), { supplement: true });
  for (const permit of permitTypes) {
    if (permit !== supplemented) await server.decide(id, taskId('review', permit), { supplement: false });
  }
  await server.decide(id, taskId('supplement', supplemented), { documents: ['drawing-review'] });
  const left = await server.decide(id, taskId('review', supplemented), { supplement: false });
  const permits = await server.permitsIssued(id);
  if (left.length > 0 || permits !== permitTypes.length) {
    throw new Error(`peer ${id} ended with ${left} waiting and ${permits} permits`);
  }
}
