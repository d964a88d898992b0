import { describe, expect, it } from 'vitest';
import type { Principal } from '#shared/auth/principal';
import { Forbidden, NotFound } from '#shared/errors';
import { stepKinds, type StepKind } from '#shared/model';
import {
  actingForEnterprise,
  assignmentActor,
  canActOnStep,
  heldStepDecider,
  canSeeApplication,
  enterpriseListScope,
  readableInboxes,
  representedEnterprises,
  stepActor,
} from './index.ts';

const enterprise: Principal = { userId: 'u-ent', roles: ['enterprise'], enterpriseId: 'ent-1' };
const other: Principal = { userId: 'u-other', roles: ['enterprise'], enterpriseId: 'ent-2' };
const agency: Principal = { userId: 'u-agent', roles: ['agency-officer'], agencyFor: ['ent-1', 'ent-3'] };
const clerk: Principal = { userId: 'u-clerk', roles: ['window-clerk'] };
const planning: Principal = {
  userId: 'u-nr',
  roles: ['department-officer'],
  department: 'natural-resources',
};
const housing: Principal = {
  userId: 'u-hc',
  roles: ['department-officer'],
  department: 'housing-construction',
};
const admin: Principal = { userId: 'u-admin', roles: ['administrator'] };
const nobody: Principal = { userId: 'u-none', roles: [] };

const application = { applicationId: 'app-1', enterpriseId: 'ent-1' };
const planningSteps = [{ department: 'window' }, { department: 'natural-resources' }];
const step = (kind: StepKind, department = 'window') => ({ kind, department });

describe('canSeeApplication', () => {
  it('lets an enterprise see only its own applications', () => {
    expect(canSeeApplication(enterprise, application, [])).toBe(true);
    expect(canSeeApplication(other, application, [])).toBe(false);
  });

  it('lets an agency officer see the applications of the enterprises it represents', () => {
    expect(canSeeApplication(agency, application, [])).toBe(true);
    expect(canSeeApplication(agency, { applicationId: 'app-2', enterpriseId: 'ent-2' }, [])).toBe(false);
  });

  it('lets the window clerk and administrators see every application', () => {
    expect(canSeeApplication(clerk, application, [])).toBe(true);
    expect(canSeeApplication(admin, application, [])).toBe(true);
  });

  it('lets a department officer see applications with a step of its department, and no others', () => {
    expect(canSeeApplication(planning, application, planningSteps)).toBe(true);
    expect(canSeeApplication(housing, application, planningSteps)).toBe(false);
    expect(canSeeApplication(planning, application, [])).toBe(false);
  });

  it('lets a principal without roles see nothing', () => {
    expect(canSeeApplication(nobody, application, planningSteps)).toBe(false);
  });
});

describe('canActOnStep', () => {
  it('lets only the window clerk decide intake', () => {
    expect(canActOnStep(clerk, step('intake'), application)).toBe(true);
    for (const principal of [enterprise, agency, planning, admin]) {
      expect(canActOnStep(principal, step('intake'), application)).toBe(false);
    }
  });

  it('lets a department officer decide review and verification steps of its own department only', () => {
    expect(canActOnStep(planning, step('review', 'natural-resources'), application)).toBe(true);
    expect(canActOnStep(planning, step('verification', 'natural-resources'), application)).toBe(true);
    expect(canActOnStep(housing, step('review', 'natural-resources'), application)).toBe(false);
    expect(canActOnStep(clerk, step('review', 'natural-resources'), application)).toBe(false);
  });

  it('lets the enterprise and its agency officer answer supplement and gap-closure steps of its own', () => {
    for (const kind of ['enterprise-supplement', 'review-supplement', 'gap-closure'] as const) {
      expect(canActOnStep(enterprise, step(kind), application)).toBe(true);
      expect(canActOnStep(agency, step(kind), application)).toBe(true);
      expect(canActOnStep(other, step(kind), application)).toBe(false);
      expect(canActOnStep(clerk, step(kind), application)).toBe(false);
    }
  });

  it('never lets an administrator decide', () => {
    for (const kind of stepKinds) {
      expect(canActOnStep(admin, step(kind, 'natural-resources'), application)).toBe(false);
    }
  });
});

describe('stepActor', () => {
  it("records an agency officer's answer on behalf of the enterprise", () => {
    expect(stepActor(agency, step('enterprise-supplement'), application, [])).toEqual({
      actor: { userId: 'u-agent', role: 'agency-officer' },
      onBehalfOf: 'ent-1',
    });
    expect(stepActor(enterprise, step('enterprise-supplement'), application, [])).toEqual({
      actor: { userId: 'u-ent', role: 'enterprise' },
    });
  });

  it('answers NotFound to a caller who may not see the application, Forbidden to one who may but not decide', () => {
    expect(() => stepActor(other, step('enterprise-supplement'), application, [])).toThrow(NotFound);
    expect(() => stepActor(housing, step('review', 'natural-resources'), application, planningSteps)).toThrow(
      NotFound,
    );
    expect(() => stepActor(admin, step('intake'), application, [])).toThrow(Forbidden);
    expect(() => stepActor(enterprise, step('intake'), application, [])).toThrow(Forbidden);
  });
});

describe('representedEnterprises', () => {
  it('lists the own enterprise first, then the represented ones, without repeats', () => {
    const both: Principal = {
      userId: 'u',
      roles: ['enterprise', 'agency-officer'],
      enterpriseId: 'ent-3',
      agencyFor: ['ent-1', 'ent-3'],
    };
    expect(representedEnterprises(both)).toEqual(['ent-3', 'ent-1']);
    expect(representedEnterprises(clerk)).toEqual([]);
  });
});

describe('actingForEnterprise', () => {
  it('prefers acting as the enterprise itself over acting on its behalf', () => {
    const both: Principal = { ...enterprise, roles: ['enterprise', 'agency-officer'], agencyFor: ['ent-1'] };
    expect(actingForEnterprise(both, 'ent-1')).toEqual({ actor: { userId: 'u-ent', role: 'enterprise' } });
  });
});

describe('readableInboxes', () => {
  it('gives the clerk the window, an officer its department, an administrator any', () => {
    expect(readableInboxes(clerk)).toEqual({ departments: ['window'], any: false });
    expect(readableInboxes(planning)).toEqual({ departments: ['natural-resources'], any: false });
    expect(readableInboxes(admin)).toEqual({ departments: [], any: true });
    expect(readableInboxes(enterprise)).toEqual({ departments: [], any: false });
  });
});

describe('enterpriseListScope', () => {
  it('scopes listing by role', () => {
    expect(enterpriseListScope(enterprise, 'ent-1')).toBe('all');
    expect(enterpriseListScope(enterprise, 'ent-2')).toBe('none');
    expect(enterpriseListScope(agency, 'ent-3')).toBe('all');
    expect(enterpriseListScope(clerk, 'ent-2')).toBe('all');
    expect(enterpriseListScope(admin, 'ent-2')).toBe('all');
    expect(enterpriseListScope(planning, 'ent-2')).toBe('with-own-steps');
  });
});

describe('assignmentActor (指派 · 认领)', () => {
  const lead: Principal = { ...planning, userId: 'u-lead', lead: true };
  const review = { kind: 'review' as const, department: 'natural-resources' };
  const held = { ...review, assignee: 'u-someone' };

  it('lets any officer of the department claim, the assignee or a lead release, only a lead assign', () => {
    expect(assignmentActor(planning, review, application, planningSteps, 'claim')).toEqual({
      userId: 'u-nr',
      role: 'department-officer',
    });
    expect(() => assignmentActor(planning, held, application, planningSteps, 'release')).toThrow(Forbidden);
    expect(() => assignmentActor(planning, held, application, planningSteps, 'assign')).toThrow(Forbidden);
    expect(
      assignmentActor(planning, { ...review, assignee: 'u-nr' }, application, planningSteps, 'release'),
    ).toBeDefined();
    expect(assignmentActor(lead, held, application, planningSteps, 'release')).toBeDefined();
    expect(assignmentActor(lead, held, application, planningSteps, 'assign')).toBeDefined();
  });

  it('holds nothing for other departments, other step kinds, administrators (and hides the unseen: 404)', () => {
    expect(() => assignmentActor(housing, review, application, planningSteps, 'claim')).toThrow(NotFound);
    expect(() =>
      assignmentActor(
        planning,
        step('review-supplement', 'natural-resources'),
        application,
        planningSteps,
        'claim',
      ),
    ).toThrow(Forbidden);
    expect(() => assignmentActor(admin, review, application, planningSteps, 'assign')).toThrow(Forbidden);
  });
});

describe('heldStepDecider', () => {
  const officer = { userId: 'u-nr', role: 'department-officer' as const };
  const review = { stepId: 'review-1', kind: 'review' as const };

  it('leaves an unheld step to the department and a held one to its assignee, a lead or a substitute', () => {
    expect(heldStepDecider(officer, {}, review)).toEqual({});
    expect(heldStepDecider(officer, {}, { ...review, assignee: 'u-nr' })).toEqual({});
    expect(() => heldStepDecider(officer, {}, { ...review, assignee: 'u-other' })).toThrow(Forbidden);
    expect(heldStepDecider(officer, { lead: true }, { ...review, assignee: 'u-other' })).toEqual({});
    expect(heldStepDecider(officer, { covering: ['u-other'] }, { ...review, assignee: 'u-other' })).toEqual({
      forOfficer: 'u-other',
    });
  });

  it('never stands between the enterprise and the supplement its reviewer waits for', () => {
    const enterprise = { userId: 'u-ent', role: 'enterprise' as const };
    expect(
      heldStepDecider(enterprise, {}, { stepId: 's', kind: 'review-supplement', assignee: 'u-nr' }),
    ).toEqual({});
  });
});
