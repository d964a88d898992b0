// Test fixtures for the API handlers: one principal per role, applications and steps in valid states, and
// deps with a fixed clock and predictable ids. No test framework imports, so integration tests reuse them.
import type { Principal } from '#shared/auth/principal';
import type { Application, AuditEvent, Step, SubmitApplicationInput } from '#shared/model';
import { clockFacts } from '#services/application/core/clock';
import { clockIdOf } from '#services/application/core/steps';
import { CalendarSource } from '#shared/calendar/source';
import type { WorkingCalendar } from '#shared/calendar/index';
import { createRuntime, type Deps, type RuntimeOptions } from '#shared/runtime/index';

export const stateMachineArn = 'arn:aws:states:ap-east-1:123456789012:stateMachine:approval';

export const principals = {
  enterprise: { userId: 'ent-user-1', roles: ['enterprise'], enterpriseId: 'ent-1' },
  otherEnterprise: { userId: 'ent-user-2', roles: ['enterprise'], enterpriseId: 'ent-2' },
  agency: { userId: 'agent-1', roles: ['agency-officer'], agencyFor: ['ent-1', 'ent-3'] },
  clerk: { userId: 'clerk-1', roles: ['window-clerk'] },
  planning: { userId: 'officer-nr', roles: ['department-officer'], department: 'natural-resources' },
  housing: { userId: 'officer-hc', roles: ['department-officer'], department: 'housing-construction' },
  admin: { userId: 'admin-1', roles: ['administrator'] },
} satisfies Record<string, Principal>;

/** Monday 3 March 2025, 09:00 in Asia/Shanghai. */
export const fixedNow = new Date('2025-03-03T01:00:00.000Z');

export type TestDeps = Deps & { setNow(date: Date): void };

/**
 * A runtime over whatever the document client is (a mock or DynamoDB Local), with a settable clock and
 * predictable ids. It is also what a core function gets (`Deps`): `calendar` reads the runtime's source as it
 * stands, as a handler's next invocation would.
 */
export function testDeps(options: Partial<RuntimeOptions> = {}): TestDeps {
  let now = options.now?.() ?? fixedNow;
  let counter = 0;
  const runtime = createRuntime({
    stateMachineArn,
    newId: () => `id${String(++counter).padStart(4, '0')}`,
    ...options,
    tableName: options.tableName ?? 'test-table',
    now: () => now,
  });
  const fixed = options.calendar;
  const source = runtime.calendars;
  return Object.defineProperties(
    {
      ...runtime,
      setNow(date: Date) {
        now = date;
      },
    },
    {
      calendar: {
        get: (): WorkingCalendar => fixed ?? (source as CalendarSource).current(),
        enumerable: true,
      },
    },
  ) as TestDeps;
}

export function submission(patch: Partial<SubmitApplicationInput> = {}): SubmitApplicationInput {
  return {
    projectName: '新材料产业园一期',
    projectType: 'industrial',
    track: 'regular',
    landParcel: { parcelId: 'CC-2025-017', areaMu: 86.5, location: '长春经开区' },
    investmentYuan: 320_000_000,
    requiredPermits: ['land-use-planning', 'construction'],
    documents: [
      {
        documentId: 'doc-1',
        kind: 'site-plan',
        name: '总平面图.pdf',
        sizeBytes: 1024,
        sha256: 'a'.repeat(64),
      },
    ],
    ...patch,
  };
}

export function anApplication(patch: Partial<Application> = {}): Application {
  const at = fixedNow.toISOString();
  const { commitment: _unsigned, ...project } = submission();
  return {
    applicationId: 'app-1',
    enterpriseId: 'ent-1',
    ...project,
    status: 'submitted',
    receivedAt: at,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...patch,
  };
}

export function aStep(patch: Partial<Step> = {}): Step {
  return {
    applicationId: 'app-1',
    stepId: 'intake-1',
    kind: 'intake',
    department: 'window',
    status: 'open',
    openedAt: fixedNow.toISOString(),
    budgetDays: 1,
    pauses: [],
    dueAt: '2025-03-04T15:59:59.999Z',
    taskToken: 'token-intake-1',
    version: 1,
    ...patch,
  };
}

export function anEvent(patch: Partial<AuditEvent> = {}): AuditEvent {
  return {
    applicationId: 'app-1',
    eventId: `evt-seed-${Math.random().toString(36).slice(2, 10)}`,
    at: fixedNow.toISOString(),
    type: 'step-opened',
    actor: { userId: 'workflow', role: 'system' },
    detail: {},
    ...patch,
  };
}

/**
 * Stores an application with its steps through the real repository (one commit), with the events the
 * workflow would have written (a step's opening carries its clock fact).
 */
export async function seed(
  deps: Pick<Deps, 'repository'>,
  application: Application,
  steps: Step[] = [],
): Promise<void> {
  await deps.repository.commit({
    create: [application, ...steps],
    events: [
      anEvent({
        applicationId: application.applicationId,
        eventId: 'evt-seed-submitted',
        at: application.receivedAt,
        type: 'application-submitted',
        actor: { userId: 'ent-user-1', role: 'enterprise' },
      }),
      ...steps.map((step) =>
        anEvent({
          applicationId: application.applicationId,
          eventId: `${step.stepId}-opened`,
          at: step.openedAt,
          type: 'step-opened',
          stepId: step.stepId,
          detail: { clock: [clockFacts.opened(clockIdOf(step), step.kind, step.budgetDays)] },
        }),
      ),
    ],
  });
}
