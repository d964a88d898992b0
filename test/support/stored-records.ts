// Records as the repository stores them, for the repository's own tests against DynamoDB Local: an application,
// a step and an audit event with fresh ids, at minutes of 2025-03-03 01:00 UTC, each with what a test changes.
import { randomUUID } from 'node:crypto';
import type { Application, AuditEvent, Step } from '#shared/model';

export const uid = () => randomUUID().replaceAll('-', '').slice(0, 12);
export const at = (minute: number) => new Date(Date.UTC(2025, 2, 3, 1, minute)).toISOString();

export function anApplication(patch: Partial<Application> = {}): Application {
  return {
    applicationId: `app-${uid()}`,
    enterpriseId: `ent-${uid()}`,
    projectName: '新材料项目',
    projectType: 'industrial',
    track: 'regular',
    landParcel: { parcelId: 'CC-2024-017', areaMu: 86.5, location: '长春经开区' },
    investmentYuan: 320_000_000,
    requiredPermits: ['land-use-planning', 'construction'],
    documents: [],
    status: 'submitted',
    receivedAt: at(0),
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...patch,
  };
}

export function aStep(applicationId: string, patch: Partial<Step> = {}): Step {
  return {
    applicationId,
    stepId: `step-${uid()}`,
    kind: 'review',
    department: 'natural-resources',
    permitType: 'land-use-planning',
    status: 'open',
    openedAt: at(0),
    budgetDays: 8,
    pauses: [],
    dueAt: at(30),
    taskToken: 'token-1',
    version: 1,
    ...patch,
  };
}

export function anEvent(applicationId: string, patch: Partial<AuditEvent> = {}): AuditEvent {
  return {
    applicationId,
    eventId: `evt-${uid()}`,
    at: at(0),
    type: 'application-submitted',
    actor: { userId: 'user-1', role: 'enterprise' },
    detail: {},
    ...patch,
  };
}
