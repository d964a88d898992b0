import { describe, expect, it } from 'vitest';
import type { Application, AuditEvent } from '#shared/model';
import { notifyingEventTypes, planNotifications } from './plan.ts';
import type { DailyDigestEvent } from '#shared/outbox/envelope';
import { renderDigest, renderNotification } from './templates.ts';

const application = {
  applicationId: 'app-1',
  enterpriseId: 'ent-1',
  agencyOfficerId: 'agent-1',
  projectName: '齿轮箱厂',
  toleratedGaps: [{ documentKind: 'fire-safety-plan', dueOn: '2025-03-14' }],
} as Application;

const event = (type: AuditEvent['type'], detail: AuditEvent['detail'] = {}): AuditEvent => ({
  applicationId: 'app-1',
  eventId: `${type}-1`,
  at: '2025-03-03T02:00:00.000Z',
  type,
  actor: { userId: 'u', role: 'system' },
  detail,
});

const plan = (e: AuditEvent, app: Application = application) =>
  planNotifications(e, app).map(({ kind, audience }) => `${kind} → ${Object.values(audience).join(':')}`);

describe('planNotifications', () => {
  it('tells the enterprise and its agency officer about their application', () => {
    expect(plan(event('supplement-requested', { department: 'window' }))).toEqual([
      'supplement-requested → enterprise:ent-1',
      'supplement-requested → person:agent-1',
    ]);
    expect(plan(event('intake-deemed-accepted'), { ...application, agencyOfficerId: undefined })).toEqual([
      'application-accepted → enterprise:ent-1',
    ]);
  });

  it('tells the enterprise side how its poor rating was handled (差评整改), in either language', () => {
    const handled = event('rating-follow-up-handled', { outcome: 'explained', action: '已电话说明' });
    expect(plan(handled)).toEqual(['rating-answered → enterprise:ent-1', 'rating-answered → person:agent-1']);
    const base = { event: handled, application, baseUrl: 'https://portal.example' };
    expect(renderNotification({ ...base, kind: 'rating-answered', locale: 'zh-CN' }).body).toContain(
      '已电话说明',
    );
    expect(renderNotification({ ...base, kind: 'rating-answered', locale: 'en' }).title).toMatch(/answered/);
  });

  it('tells a department of its new steps once, and not again for the round after a supplement', () => {
    expect(plan(event('step-opened', { kind: 'review', department: 'natural-resources', round: 1 }))).toEqual(
      ['step-assigned → department:natural-resources'],
    );
    expect(plan(event('step-opened', { kind: 'review', department: 'natural-resources', round: 2 }))).toEqual(
      [],
    );
    expect(plan(event('step-opened', { kind: 'intake', department: 'window', round: 1 }))).toEqual([
      'new-application → department:window',
    ]);
    expect(plan(event('step-opened', { kind: 'review-supplement', department: 'window', round: 1 }))).toEqual(
      [],
    );
  });

  it('turns a warning yellow or red, and an escalation (督办) into red for the department and one for administrators', () => {
    expect(plan(event('step-warned', { department: 'window', slaStatus: 'yellow' }))).toEqual([
      'step-yellow → department:window',
    ]);
    expect(plan(event('step-warned', { department: 'window', slaStatus: 'red' }))).toEqual([
      'step-red → department:window',
    ]);
    expect(plan(event('step-escalated', { department: 'housing-construction', slaStatus: 'red' }))).toEqual([
      'step-red → department:housing-construction',
      'escalation → administrators',
    ]);
  });

  it("routes the sweeper's deadline reminders: gaps to the applicant, Art. 32 to the window, verification to both", () => {
    const reminder = (detail: AuditEvent['detail']) => plan(event('deadline-reminder', detail));
    expect(
      reminder({ reminder: 'gap-due-soon', documentKind: 'fire-safety-plan', dueOn: '2025-03-14' }),
    ).toEqual(['gap-due-soon → enterprise:ent-1', 'gap-due-soon → person:agent-1']);
    expect(reminder({ reminder: 'gap-overdue', documentKind: 'fire-safety-plan' })).toEqual([
      'gap-overdue → enterprise:ent-1',
      'gap-overdue → person:agent-1',
    ]);
    expect(reminder({ reminder: 'deemed-acceptance-near', kind: 'intake', department: 'window' })).toEqual([
      'deemed-acceptance-near → department:window',
    ]);
    expect(reminder({ reminder: 'verification-due-soon', department: 'natural-resources' })).toEqual([
      'verification-due-soon → department:natural-resources',
      'verification-due-soon → enterprise:ent-1',
      'verification-due-soon → person:agent-1',
    ]);
    expect(reminder({ reminder: 'something-else' })).toEqual([]);
    expect(notifyingEventTypes).toContain('deadline-reminder');
  });

  it("tells the department's officers of a supervision order (督办单), never the applicant", () => {
    expect(
      plan(
        event('supervision-issued', {
          orderId: 'sup-1',
          department: 'housing-construction',
          limitWorkingDays: 3,
          dueAt: '2025-03-06T09:30:00.000Z',
          reason: '请加快会审',
        }),
      ),
    ).toEqual(['supervision-ordered → department:housing-construction']);
    expect(plan(event('supervision-issued', {}))).toEqual([]);
    expect(notifyingEventTypes).toContain('supervision-issued');
  });

  it('tells the administrator who issued a supervision order of its answer, and of its lapse with the department', () => {
    const department = 'housing-construction';
    expect(plan(event('supervision-answered', { department, issuedBy: 'admin-1', late: false }))).toEqual([
      'supervision-answered → administrator:admin-1',
    ]);
    expect(plan(event('supervision-overdue', { department, issuedBy: 'admin-1' }))).toEqual([
      'supervision-overdue → department:housing-construction',
      'supervision-overdue → administrator:admin-1',
    ]);
    // Not recorded on the event: every administrator.
    expect(plan(event('supervision-answered', { department }))).toEqual([
      'supervision-answered → administrators',
    ]);
    expect(notifyingEventTypes).toEqual(
      expect.arrayContaining(['supervision-answered', 'supervision-overdue']),
    );
  });

  it('says nothing about events that concern nobody, and the bus rule lets only the others through', () => {
    for (const type of [
      'application-submitted',
      'workflow-started',
      'step-decided',
      'intake-refused',
    ] as const) {
      expect(plan(event(type))).toEqual([]);
      expect(notifyingEventTypes).not.toContain(type);
    }
  });
});

describe('renderNotification', () => {
  it('lists every missing item of a supplement request (一次性告知) with the link to answer, in either language', () => {
    // Prepare
    const request = event('supplement-requested', {
      department: 'window',
      missingItems: ['环评批复', '安评报告'],
    });
    const input = {
      kind: 'supplement-requested' as const,
      event: request,
      application,
      baseUrl: 'https://p',
    };

    // Act
    const zh = renderNotification({ ...input, locale: 'zh-CN' });
    const en = renderNotification({ ...input, locale: 'en' });

    // Assess
    expect(zh.body).toContain('1. 环评批复\n2. 安评报告');
    expect(zh.link).toBe('https://p/applications/app-1/supplement');
    expect(en.title).toBe('Supplement requested: 齿轮箱厂 (app-1)');
    expect(en.body).toContain('1. 环评批复\n2. 安评报告');
  });

  it("names a permit added at run time as the application's own catalogue version does", () => {
    // Prepare
    const issued = event('permits-issued', {
      certificateNos: ['SGXK-1', 'XFYS-1'],
      permitTypes: ['construction', 'fire-acceptance'],
    });
    const catalogue = [
      {
        permitType: 'fire-acceptance',
        name: '消防验收',
        department: 'housing-construction',
        byCommitment: false,
        documents: [],
      },
    ];

    // Act
    const rendered = renderNotification({
      kind: 'permits-issued',
      locale: 'zh-CN',
      event: issued,
      application,
      baseUrl: 'https://p',
      catalogue,
    });

    // Assess
    expect(rendered.body).toContain('1. 建筑工程施工许可证: SGXK-1\n2. 消防验收: XFYS-1');
  });

  it("gives each tolerated gap's due date on an acceptance with gaps", () => {
    const rendered = renderNotification({
      kind: 'application-accepted-with-gaps',
      locale: 'zh-CN',
      event: event('intake-accepted-with-gaps'),
      application,
      baseUrl: 'https://p',
    });
    expect(rendered.body).toContain('fire-safety-plan — 截止 2025-03-14');
  });

  it('names the tolerated document and its due day in a gap reminder, in either language', () => {
    const input = {
      event: event('deadline-reminder', {
        reminder: 'gap-due-soon',
        documentKind: 'fire-safety-plan',
        dueOn: '2025-03-14',
      }),
      application,
      baseUrl: 'https://p',
    };
    const zh = renderNotification({ ...input, kind: 'gap-due-soon', locale: 'zh-CN' });
    const en = renderNotification({ ...input, kind: 'gap-overdue', locale: 'en' });
    expect(zh.title).toBe('容缺材料即将到期：齿轮箱厂 (app-1)');
    expect(zh.body).toContain('「fire-safety-plan」将于 2025-03-14 到期');
    expect(en.title).toBe('Tolerated document overdue: 齿轮箱厂 (app-1)');
    expect(en.body).toContain('was due on 2025-03-14');
    expect(zh.link).toBe('https://p/applications/app-1');
  });

  it("gives a supervision order's department, limit, due instant and reason, linking the department's orders", () => {
    // Prepare
    const input = {
      kind: 'supervision-ordered' as const,
      event: event('supervision-issued', {
        orderId: 'sup-1',
        department: 'housing-construction',
        limitWorkingDays: 3,
        dueAt: '2025-03-06T09:30:00.000Z',
        reason: '请加快会审',
      }),
      application,
      baseUrl: 'https://p',
    };

    // Act
    const zh = renderNotification({ ...input, locale: 'zh-CN' });
    const en = renderNotification({ ...input, locale: 'en' });

    // Assess
    expect(zh.title).toBe('督办单：住房和城乡建设 · 齿轮箱厂 (app-1)');
    expect(zh.body).toContain('请在 3 个工作日内（截止 2025-03-06T09:30:00.000Z）办理并回复办理情况');
    expect(zh.body).toContain('督办事由：请加快会审');
    expect(en.title).toBe('Supervision order: housing-construction · 齿轮箱厂 (app-1)');
    expect(en.body).toContain('within 3 working day(s) (by 2025-03-06T09:30:00.000Z)');
    expect([zh.link, en.link]).toEqual(['https://p/#/supervision', 'https://p/#/supervision']);
  });

  it("gives a supervision order's answer (late or not) and its lapse, by the department's name", () => {
    // Prepare
    const base = { application, baseUrl: 'https://p' };
    const department = 'housing-construction';
    const answer = (late: boolean) =>
      event('supervision-answered', {
        orderId: 'sup-1',
        department,
        late,
        response: '已会审',
        issuedBy: 'a',
      });
    const lapse = event('supervision-overdue', {
      department,
      dueAt: '2025-03-06T15:59:59.999Z',
      issuedBy: 'a',
    });

    // Act
    const inTime = renderNotification({
      ...base,
      kind: 'supervision-answered',
      event: answer(false),
      locale: 'zh-CN',
    });
    const late = renderNotification({
      ...base,
      kind: 'supervision-answered',
      event: answer(true),
      locale: 'en',
    });
    const zhLapse = renderNotification({
      ...base,
      kind: 'supervision-overdue',
      event: lapse,
      locale: 'zh-CN',
    });
    const enLapse = renderNotification({ ...base, kind: 'supervision-overdue', event: lapse, locale: 'en' });

    // Assess
    expect(inTime.title).toBe('督办单已回复：住房和城乡建设 · 齿轮箱厂 (app-1)');
    expect(inTime.body).toContain('办理情况：已会审');
    expect(inTime.body).not.toContain('逾期');
    expect(late.body).toContain('answered the supervision order on 齿轮箱厂 (app-1) (late)');
    expect([inTime.link, late.link]).toEqual([
      'https://p/applications/app-1',
      'https://p/applications/app-1',
    ]);
    expect(zhLapse.title).toBe('督办单逾期：住房和城乡建设 · 齿轮箱厂 (app-1)');
    expect(zhLapse.body).toContain('截止 2025-03-06T15:59:59.999Z');
    expect(enLapse.body).toContain('passed its limit (2025-03-06T15:59:59.999Z) without an answer');
    expect([zhLapse.link, enLapse.link]).toEqual(['https://p/#/supervision', 'https://p/#/supervision']);
  });

  it("names an escalation's department (督办), not its id, and a step without a permit by its department", () => {
    // Prepare
    const base = { kind: 'escalation' as const, application, baseUrl: 'https://p' };
    const review = event('step-escalated', {
      department: 'housing-construction',
      permitType: 'construction',
    });
    const intake = event('step-escalated', { department: 'window', kind: 'intake' });

    // Act
    const zh = renderNotification({ ...base, event: review, locale: 'zh-CN' });
    const zhIntake = renderNotification({ ...base, event: intake, locale: 'zh-CN' });
    const en = renderNotification({ ...base, event: review, locale: 'en' });

    // Assess
    expect(zh.title).toBe('督办：住房和城乡建设 · 齿轮箱厂 (app-1)');
    expect(zh.body).toBe('齿轮箱厂 (app-1) 在住房和城乡建设的 建筑工程施工许可证 已超期，已列入督办。');
    expect(zhIntake.body).toContain('在一窗受理的 一窗受理 已超期');
    expect(en.title).toBe('Escalated: housing-construction · 齿轮箱厂 (app-1)');
  });

  it('tells a failed verification and its reason, in either language', () => {
    const input = {
      kind: 'verification-result' as const,
      event: event('permits-revoked', { reason: '未按承诺开工' }),
      application,
      baseUrl: 'https://p',
    };
    expect(renderNotification({ ...input, locale: 'en' }).body).toBe(
      'The verification failed and the permits it covered are revoked. Reason: 未按承诺开工',
    );
    expect(renderNotification({ ...input, locale: 'zh-CN' }).body).toContain('理由：未按承诺开工');
  });
});

describe('renderDigest', () => {
  const digest: DailyDigestEvent = {
    type: 'daily-digest',
    eventId: 'digest-2025-06-04',
    date: '2025-06-04',
    day: '2025-06-03',
    from: '2025-06-02T16:00:00.000Z',
    to: '2025-06-03T16:00:00.000Z',
    at: '2025-06-04T00:30:00.000Z',
    steps: [
      {
        applicationId: 'app-1',
        stepId: 'review-construction',
        department: 'housing-construction',
        kind: 'review',
        escalatedAt: '2025-06-03T01:00:00.000Z',
      },
    ],
    more: 0,
  };

  it('names the department and the step in Chinese, and keeps the ids in English', () => {
    const zh = renderDigest({ locale: 'zh-CN', digest, baseUrl: 'https://portal.example' });
    const en = renderDigest({ locale: 'en', digest, baseUrl: 'https://portal.example' });

    expect(zh.body).toContain('住房和城乡建设 · 部门审查 · app-1/review-construction');
    expect(zh.body).not.toContain('housing-construction');
    expect(en.body).toContain('housing-construction · review · app-1/review-construction');
  });
});
