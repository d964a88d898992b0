// Who hears of a supervision order's (督办单) answer when the administrator who issued it is no longer one: the
// directory's administrators, so that the answer is not lost. In-memory ports; the end-to-end path (outbox,
// DynamoDB directory, mail sink) is test/notifications/outbox-notifications.test.ts.
import { describe, expect, it } from 'vitest';
import type { Application, AuditEvent } from '#shared/model';
import { defaultPreferences, type Notification, type Person } from './model.ts';
import { notifyEvent, type NotifyDeps } from './notify.ts';
import type { NotificationStore } from './ports.ts';

const admin = (userId: string): Person => ({ userId, name: userId, role: 'administrator' });

function depsWith(administrators: Person[]): { deps: NotifyDeps; inApp: Notification[] } {
  const inApp: Notification[] = [];
  const store = {
    deliverInApp: (notification: Notification) => {
      inApp.push(notification);
      return Promise.resolve(true);
    },
    preferences: () => Promise.resolve({ preferences: defaultPreferences, version: 0 }),
    claimDelivery: () => Promise.resolve(true),
    completeDelivery: () => Promise.resolve(),
  } as unknown as NotificationStore;
  const application = {
    applicationId: 'app-1',
    enterpriseId: 'ent-1',
    projectName: '齿轮箱厂',
  } as Application;
  const deps: NotifyDeps = {
    store,
    directory: {
      person: (userId) => Promise.resolve(administrators.find((p) => p.userId === userId)),
      members: (audience) => Promise.resolve(audience.type === 'administrators' ? administrators : []),
    },
    applications: { findApplication: () => Promise.resolve(application) },
    mail: { send: () => Promise.resolve() },
    sms: { send: () => Promise.resolve() },
    calendars: {
      calendar: () => Promise.resolve({ isWorkingDay: () => true, localDate: () => '2025-03-03' }),
    },
    now: () => new Date('2025-03-03T02:00:00.000Z'),
    baseUrl: 'https://p',
    logger: { info: () => {}, warn: () => {} },
  };
  return { deps, inApp };
}

const answered = (detail: AuditEvent['detail']): AuditEvent => ({
  applicationId: 'app-1',
  eventId: 'sua-1',
  at: '2025-03-03T02:00:00.000Z',
  type: 'supervision-answered',
  actor: { userId: 'officer-1', role: 'department-officer' },
  stepId: 'step-1',
  detail: { orderId: 'sup-1', department: 'housing-construction', late: false, response: '已办', ...detail },
});

describe('notifyEvent: a supervision order answered', () => {
  it('tells the administrator who issued it, and no other administrator', async () => {
    const { deps, inApp } = depsWith([admin('admin-1'), admin('admin-2')]);
    await notifyEvent(deps, { outboxId: 'o-1', event: answered({ issuedBy: 'admin-1' }) });
    expect(inApp.map((n) => `${n.userId} ${n.kind}`)).toEqual(['admin-1 supervision-answered']);
  });

  it('tells every administrator when the issuer is not one any more, or the event does not name them', async () => {
    for (const detail of [{ issuedBy: 'admin-gone' }, {}] as AuditEvent['detail'][]) {
      const { deps, inApp } = depsWith([admin('admin-1'), admin('admin-2')]);
      await notifyEvent(deps, { outboxId: 'o-1', event: answered(detail) });
      expect(inApp.map((n) => `${n.userId} ${n.kind}`)).toEqual([
        'admin-1 supervision-answered',
        'admin-2 supervision-answered',
      ]);
    }
  });
});
