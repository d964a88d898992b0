// Who may see what and act on which step: every authorization rule of the platform in one place, as pure
// functions of the principal and the items. Handlers call these after loading, never re-derive the rules.
// What the caller may not see answers 404 (NotFound), never 403, so that existence does not leak.
import type { Principal } from '#shared/auth/principal';
import { Forbidden, NotFound } from '#shared/errors';
import {
  windowDepartment,
  type Absence,
  type Actor,
  type Application,
  type DepartmentId,
  type EnterpriseId,
  type Step,
  type StepKind,
} from '#shared/model';

/**
 * The part of an application the rules read. `projectSecretaryUserId`: the approval secretary (审批秘书) the service
 * centre assigned to the application's project, as read from the project when the caller may need it
 * (`applicationScopeOf` in services/application/core/get-application.ts); absent when not read or none.
 */
export type ApplicationScope = Pick<Application, 'applicationId' | 'enterpriseId'> & {
  projectSecretaryUserId?: string | undefined;
};
/** The part of a step the rules read. */
export type StepScope = Pick<Step, 'kind' | 'department'>;

/** Who acted, and for which enterprise when an agency officer acted for it (代办). */
export interface Acting {
  actor: Actor;
  onBehalfOf?: EnterpriseId;
  /** A lead of the step's department (科室负责人) acts: may decide a step another officer holds. */
  lead?: true;
}

/** The steps where the ball is in the enterprise's court: 补正 requests, and 容缺 documents owed at issuance. */
export const enterpriseStepKinds: readonly StepKind[] = [
  'enterprise-supplement',
  'review-supplement',
  'gap-closure',
];
/** The steps a department officer decides. */
export const departmentStepKinds: readonly StepKind[] = ['review', 'verification'];

/**
 * The enterprises whose applications the principal handles as the enterprise side: its own (企业) and
 * those it represents (全程代办), own first, without repeats.
 */
export function representedEnterprises(principal: Principal): EnterpriseId[] {
  const own = principal.roles.includes('enterprise') ? [principal.enterpriseId] : [];
  const represented = principal.roles.includes('agency-officer') ? (principal.agencyFor ?? []) : [];
  return [...new Set([...own, ...represented].filter((id): id is string => id !== undefined))];
}

/**
 * How the principal acts for the enterprise: as the enterprise itself, or as its agency officer (recorded
 * "on behalf of"). Undefined when it may not act for that enterprise at all.
 */
export function actingForEnterprise(principal: Principal, enterpriseId: EnterpriseId): Acting | undefined {
  if (principal.roles.includes('enterprise') && principal.enterpriseId === enterpriseId) {
    return { actor: { userId: principal.userId, role: 'enterprise' } };
  }
  if (principal.roles.includes('agency-officer') && (principal.agencyFor ?? []).includes(enterpriseId)) {
    return { actor: { userId: principal.userId, role: 'agency-officer' }, onBehalfOf: enterpriseId };
  }
  return undefined;
}

/**
 * How the principal acts for the application's enterprise: as for the enterprise (`actingForEnterprise`), or as the
 * approval secretary assigned to the application's project — the rights follow the project's assignment, not the
 * token's `agencyFor`, and end when the assignment does. Recorded "on behalf of" the enterprise.
 */
export function actingForApplication(
  principal: Principal,
  application: ApplicationScope,
): Acting | undefined {
  return (
    actingForEnterprise(principal, application.enterpriseId) ??
    actingAsSecretary(principal, application.enterpriseId, application.projectSecretaryUserId)
  );
}

/** The agency officer assigned as a project's approval secretary acts for its enterprise, on that project only. */
export function actingAsSecretary(
  principal: Principal,
  enterpriseId: EnterpriseId,
  secretaryUserId: string | undefined,
): Acting | undefined {
  if (!principal.roles.includes('agency-officer') || secretaryUserId === undefined) return undefined;
  if (secretaryUserId !== principal.userId) return undefined;
  return { actor: { userId: principal.userId, role: 'agency-officer' }, onBehalfOf: enterpriseId };
}

/**
 * Whether the principal may read the application. A department officer needs the application's steps:
 * it sees an application once a step of its department exists (open or closed), and not before.
 */
export function canSeeApplication(
  principal: Principal,
  application: ApplicationScope,
  steps: readonly Pick<Step, 'department'>[],
): boolean {
  if (principal.roles.includes('administrator')) return true; // 管理员: reads everything
  if (principal.roles.includes('window-clerk')) return true; // 一窗: every application passes the window
  if (actingForApplication(principal, application)) return true;
  if (principal.roles.includes('department-officer') && principal.department !== undefined) {
    return steps.some((step) => step.department === principal.department);
  }
  return false;
}

/** @throws NotFound when the principal may not see the application, the same answer as for an unknown ID. */
export function assertCanSeeApplication(
  principal: Principal,
  application: ApplicationScope,
  steps: readonly Pick<Step, 'department'>[],
): void {
  if (!canSeeApplication(principal, application, steps)) throw applicationNotFound(application.applicationId);
}

/** The NotFound an unknown application and an invisible one share, word for word. */
export function applicationNotFound(applicationId: string): NotFound {
  return new NotFound(`Application ${applicationId} not found`);
}

/**
 * Whether the principal may decide the step: the window clerk on intake; a department officer on review
 * and verification steps of its own department; the enterprise or its agency officer on supplement and
 * gap-closure steps of its own application. Administrators never decide (they read and configure).
 */
export function canActOnStep(principal: Principal, step: StepScope, application: ApplicationScope): boolean {
  return actingOnStep(principal, step, application) !== undefined;
}

/**
 * The actor a decision on the step is recorded with.
 * @throws NotFound when the principal may not even see the application (call with its steps loaded)
 * @throws Forbidden when it sees the application but may not decide this step
 */
export function stepActor(
  principal: Principal,
  step: StepScope,
  application: ApplicationScope,
  steps: readonly Pick<Step, 'department'>[],
): Acting {
  assertCanSeeApplication(principal, application, steps);
  const acting = actingOnStep(principal, step, application);
  if (!acting) throw new Forbidden(`The caller may not decide a ${step.kind} step of ${step.department}`);
  return acting;
}

function actingOnStep(
  principal: Principal,
  step: StepScope,
  application: ApplicationScope,
): Acting | undefined {
  switch (step.kind) {
    case 'intake':
      return principal.roles.includes('window-clerk')
        ? { actor: { userId: principal.userId, role: 'window-clerk' } }
        : undefined;
    case 'review':
    case 'verification':
      return principal.roles.includes('department-officer') && principal.department === step.department
        ? {
            actor: { userId: principal.userId, role: 'department-officer' },
            ...(principal.lead === true ? { lead: true as const } : {}),
          }
        : undefined;
    case 'enterprise-supplement':
    case 'review-supplement':
    case 'gap-closure':
      return actingForApplication(principal, application);
    default: {
      // A new step kind must be given its deciders here before anyone can decide it.
      const unknownKind: never = step.kind;
      throw new Error(`No rule says who decides a ${String(unknownKind)} step`);
    }
  }
}

/**
 * The departments whose inbox (open steps by due time) the principal may read: the window clerk the
 * window's, a department officer its own; `'any'` for administrators.
 */
export function readableInboxes(principal: Principal): { departments: DepartmentId[]; any: boolean } {
  const departments = new Set<DepartmentId>();
  if (principal.roles.includes('window-clerk')) departments.add(windowDepartment);
  if (principal.roles.includes('department-officer') && principal.department !== undefined) {
    departments.add(principal.department);
  }
  return { departments: [...departments], any: principal.roles.includes('administrator') };
}

/**
 * How far the principal may list an enterprise's applications: `'all'` (the enterprise side, the window,
 * administrators), `'with-own-steps'` (a department officer: only those with a step of its department),
 * or `'none'`.
 */
export function enterpriseListScope(
  principal: Principal,
  enterpriseId: EnterpriseId,
): 'all' | 'with-own-steps' | 'none' {
  if (principal.roles.includes('administrator') || principal.roles.includes('window-clerk')) return 'all';
  if (actingForEnterprise(principal, enterpriseId)) return 'all';
  if (principal.roles.includes('department-officer') && principal.department !== undefined) {
    return 'with-own-steps';
  }
  return 'none';
}

// ---------------------------------------------------------------------------------------------------------
// Named assignment (指派 · 认领) and who decides a held step

/** A change of who holds a department's step. */
export type AssignmentAction = 'claim' | 'release' | 'assign';

/**
 * The actor of a change of who holds the step: any officer of the step's department claims an open
 * review or verification step; the assignee or a lead of the department releases it; only a lead assigns it
 * to a named officer (or reassigns it). Administrators and other departments hold nothing.
 * @throws NotFound when the principal may not even see the application
 * @throws Forbidden when it sees it but may not make this change
 */
export function assignmentActor(
  principal: Principal,
  step: StepScope & Pick<Step, 'assignee'>,
  application: ApplicationScope,
  steps: readonly Pick<Step, 'department'>[],
  action: AssignmentAction,
): Actor {
  assertCanSeeApplication(principal, application, steps);
  const officer =
    principal.roles.includes('department-officer') &&
    principal.department === step.department &&
    departmentStepKinds.includes(step.kind);
  if (!officer) throw new Forbidden(`The caller holds no ${step.kind} steps of ${step.department}`);
  const lead = principal.lead === true;
  const allowed =
    action === 'claim' ||
    // A release of a step no one holds is not refused here: the state answers it (409 STEP_NOT_ASSIGNED).
    (action === 'release' && (lead || step.assignee === undefined || step.assignee === principal.userId)) ||
    (action === 'assign' && lead);
  if (!allowed) {
    throw new Forbidden(
      action === 'assign'
        ? 'Only a lead of the department assigns its steps'
        : 'Only the assignee or a lead of the department releases a step',
    );
  }
  return { userId: principal.userId, role: 'department-officer' };
}

/** How a decider stands to a step a named officer holds. */
export interface HeldStepAuthority {
  /** A lead of the step's department (see `Acting.lead`). */
  lead?: boolean;
  /** The officers the decider stands in for right now (代理: their declared absence names it as substitute). */
  covering?: readonly string[];
}

/**
 * Whether `actor` may decide a step in its current hands, and for whom: a step no one holds is the
 * department's (any of its officers, as `stepActor` said); a held step only its assignee's, a lead's, or the
 * assignee's substitute's during the absence, recorded "by X for Y" (`forOfficer`). decideHumanStep applies it
 * to every decision, so no route can skip it.
 * @throws Forbidden when someone else holds the step
 */
export function heldStepDecider(
  actor: Actor,
  authority: HeldStepAuthority,
  step: Pick<Step, 'assignee' | 'stepId' | 'kind'>,
): { forOfficer?: string } {
  // The enterprise's supplement keeps its reviewer's name (the reviewer waits for it) but stays the enterprise's.
  if (!departmentStepKinds.includes(step.kind)) return {};
  if (step.assignee === undefined || step.assignee === actor.userId) return {};
  if (authority.covering?.includes(step.assignee)) return { forOfficer: step.assignee };
  if (authority.lead === true) return {};
  throw new Forbidden(`Step ${step.stepId} is assigned to another officer`);
}

/**
 * 代理: the officers `substitute` stands in for at `now`: those whose declared absence names it and is in force
 * (`from` inclusive, `to` exclusive). An absence ends by itself: nothing has to revoke it.
 */
export function standingInFor(
  absences: readonly Pick<Absence, 'userId' | 'from' | 'to' | 'substitute'>[],
  substitute: string,
  now: Date,
): string[] {
  const at = now.toISOString();
  return [
    ...new Set(
      absences
        .filter((absence) => absence.substitute === substitute && absence.from <= at && at < absence.to)
        .map((absence) => absence.userId),
    ),
  ];
}
