// Notifications from the transactional outbox, end to end in this process: the embedded runtime (the synthesized
// state machine, the real API and task handlers) on the shared DynamoDB Local with its stream; the table's
// stream read the way the runtime reads it in place of EventBridge Pipes; the real notification handler, its
// e-mail going over SMTP to the runtime's local sink. A whole lifecycle must produce exactly the expected
// notifications per person and channel, also when the handler crashes in the middle of a batch and the stream is
// read again from its checkpoint, and when the whole stream is delivered a second time; and a mail server or a
// bus that fails for a while loses nothing and sends nothing twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { travellingClock } from '#infra/local/clock';
import { actors, ApprovalDriver, documentMeta } from '#infra/local/driver';
import { memoryCheckpointStore, OutboxStream } from '#infra/local/outbox-stream';
import { startPlatform, type Platform } from '#infra/local/platform';
import { DynamoDbNotificationStore } from '#services/notifications/adapters/dynamodb-notification-store';
import type { MailSender, SmsSender } from '#services/notifications/core/ports';
import { createHandler, notifyDepsOf, type Channels } from '#services/notifications/handlers/notify-from-bus';
import { createRuntime, type Runtime } from '#shared/runtime/index';
import { createDocumentClient } from '#shared/data/client';
import type { OutboxBusEvent } from '#shared/outbox/envelope';

let platform: Platform;
let drive: ApprovalDriver;
let dataDir: string;
let store: DynamoDbNotificationStore;
const tableName = `it-notify-${randomUUID()}`;
const texts: { to: string; text: string; notificationId: string }[] = [];
const recordingSms: SmsSender = {
  send: (message) => {
    texts.push(message);
    return Promise.resolve();
  },
};

const at = (instant: string) => drive.api.setClock(`${instant}+08:00`);

/** A notification handler as the runtime builds it, with its SMS recorded and, optionally, another mailer. */
function notificationHandler(channels: Channels = {}) {
  return createHandler(runtime, { sms: recordingSms, ...channels });
}
let runtime: Runtime;

/** A reader of the table's stream (the runtime's stand-in for Pipes) delivering to `deliver`. */
function reader(deliver: (event: OutboxBusEvent) => Promise<unknown>, checkpoints = memoryCheckpointStore()) {
  return new OutboxStream({
    dynamodb: createDocumentClient({ endpoint: platform.dynamoEndpoint }),
    endpoint: platform.dynamoEndpoint,
    tableName,
    checkpoints,
    deliver,
    batchSize: 7,
  });
}

const people = [
  'enterprise.changchun',
  'enterprise.huadu',
  'agent.major-projects',
  'clerk.window',
  'officer.natural-resources',
  'officer.housing-construction',
  'officer.real-estate-registration',
  'admin.service-centre',
] as const;

/** Per person: the kinds of their in-app notifications about `applicationId`, and of the e-mails and SMS sent. */
async function delivered(applicationId: string) {
  const result: Record<string, { inApp: string[]; email: string[]; sms: string[] }> = {};
  for (const userId of people) {
    const items = (await store.list(userId, { limit: 100 })).items.filter(
      (n) => n.applicationId === applicationId,
    );
    const kindOf = new Map(items.map((n) => [n.notificationId, n.kind]));
    const mails = platform.mail.messages({ to: `${userId}@one-window.local` });
    const smsTo = texts.filter((t) => kindOf.has(t.notificationId) && t.to === phoneOf[userId]);
    const entry = {
      inApp: items.map((n) => n.kind).sort(),
      email: mails
        .flatMap((m) => (kindOf.has(m.notificationId!) ? [kindOf.get(m.notificationId!)!] : []))
        .sort(),
      sms: smsTo.map((t) => kindOf.get(t.notificationId)!).sort(),
    };
    if (entry.inApp.length + entry.email.length + entry.sms.length > 0) result[userId] = entry;
  }
  return result;
}
const phoneOf: Record<string, string> = {
  'enterprise.changchun': '+8613800000001',
  'officer.housing-construction': '+8613800000002',
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'one-window-notify-'));
  platform = await startPlatform({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName,
    dataDir,
    port: 0,
    clock: travellingClock('2025-03-01T00:00:00+08:00'),
    sweepIntervalMs: 0,
    // The test reads the stream itself, with the crashes and faults it needs.
    outboxIntervalMs: 0,
  });
  drive = ApprovalDriver.at(platform.url);
  runtime = createRuntime({
    tableName,
    documentClient: createDocumentClient({ endpoint: platform.dynamoEndpoint }),
    taskCallbacks: { sendTaskSuccess: () => Promise.resolve() } as never,
    workflow: { startExecution: () => Promise.reject(new Error('not here')) },
    region: 'local',
  });
  store = new DynamoDbNotificationStore({
    client: createDocumentClient({ endpoint: platform.dynamoEndpoint }),
    tableName,
  });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('notifications from the outbox', () => {
  let lifecycle: string;

  it('tell each person exactly what concerns them, once per channel, through a crash mid-batch and a second delivery', async () => {
    // Prepare: the agency officer files for Changchun and asks for English and no e-mail about acceptance.
    await at('2025-03-03T08:30:00');
    await drive.api.ok(actors.agent, 'PUT', '/notifications/preferences', {
      preferences: { mutedKinds: ['application-accepted'], locale: 'en' },
      version: 0,
    });
    await at('2025-03-03T09:00:00');
    lifecycle = await drive.file({
      as: actors.agent,
      enterpriseId: 'ent-changchun-auto-parts',
      projectName: 'Changchun gearbox plant',
      requiredPermits: ['land-use-planning', 'construction'],
    });
    await at('2025-03-03T10:00:00');
    await drive.decideIntake(lifecycle, {
      outcome: 'request-supplement',
      missingItems: ['环评批复 (EIA approval)', '安全评价报告 (safety assessment)'],
    });
    await at('2025-03-05T10:00:00');
    await drive.supplement(lifecycle, { documents: [documentMeta('eia-approval', '环评批复.pdf')] });
    await at('2025-03-06T09:00:00');
    await drive.decideIntake(lifecycle, { outcome: 'accept' });
    await at('2025-03-07T10:00:00');
    await drive.decideReview(lifecycle, 'land-use-planning', { outcome: 'approve' });
    await at('2025-03-10T10:00:00');
    await drive.decideReview(lifecycle, 'construction', {
      outcome: 'request-supplement',
      missingItems: ['施工图审查合格书 (construction drawing review)'],
    });
    await at('2025-03-13T10:00:00');
    await drive.supplement(lifecycle, {
      documents: [documentMeta('drawing-review', '施工图审查合格书.pdf')],
    });
    await at('2025-03-31T10:00:00'); // long past the review's budget: red and escalated (督办)
    await platform.sweep();
    await at('2025-03-31T11:00:00');
    await drive.decideReview(lifecycle, 'construction', { outcome: 'approve' });
    expect((await drive.detail(lifecycle)).application.status).toBe('issued');

    // Act: the handler crashes on the 6th event (the batch is never acknowledged); a restarted reader goes on
    // from the checkpoint; then the whole stream is delivered once more, from its start.
    const checkpoints = memoryCheckpointStore();
    const handler = notificationHandler();
    let calls = 0;
    const crashing = reader(async (event) => {
      if (++calls === 6) throw new Error('the process died (test)');
      return handler(event);
    }, checkpoints);
    const cut = await crashing.poll();
    await crashing.stop();
    const restarted = reader(notificationHandler(), checkpoints);
    await restarted.drain();
    await restarted.stop();
    const once = await delivered(lifecycle);
    const again = reader(notificationHandler());
    const redelivered = await again.drain();
    await again.stop();

    // Assess
    expect(cut).toMatchObject({ delivered: 5, failed: true });
    // The second delivery carried every audit event of the application again, and nothing else but the one
    // daily digest the 31 March sweep recorded (an empty one: nothing turned red on the 30th).
    expect(redelivered).toBe((await drive.detail(lifecycle)).timeline.length + 1);
    const applicant = {
      inApp: ['application-accepted', 'permits-issued', 'supplement-requested', 'supplement-requested'],
      email: ['application-accepted', 'permits-issued', 'supplement-requested', 'supplement-requested'],
    };
    const expected = {
      'enterprise.changchun': { ...applicant, sms: ['supplement-requested', 'supplement-requested'] },
      // Muted by preference: accepted is in-app only. No phone on file: no SMS.
      'agent.major-projects': {
        inApp: applicant.inApp,
        email: ['permits-issued', 'supplement-requested', 'supplement-requested'],
        sms: [],
      },
      'clerk.window': {
        inApp: ['new-application', 'supplement-received'],
        email: ['new-application', 'supplement-received'],
        sms: [],
      },
      'officer.natural-resources': { inApp: ['step-assigned'], email: ['step-assigned'], sms: [] },
      'officer.housing-construction': {
        inApp: ['step-assigned', 'step-red', 'supplement-received'],
        email: ['step-assigned', 'step-red', 'supplement-received'],
        sms: ['step-red'],
      },
      'admin.service-centre': { inApp: ['escalation'], email: ['escalation'], sms: [] },
    };
    expect(once).toEqual(expected);
    expect(await delivered(lifecycle)).toEqual(expected);
    expect(await store.unreadCount('enterprise.changchun')).toBe(4);
  });

  it("sends the supplement request with its complete list (一次性告知) and the link to answer it, in the reader's language", async () => {
    // Assess
    const [zh] = platform.mail
      .messages({ to: 'enterprise.changchun@one-window.local' })
      .filter((m) => m.subject.startsWith('请补正材料') && m.text.includes(lifecycle));
    expect(zh!.text).toContain('1. 环评批复 (EIA approval)\n2. 安全评价报告 (safety assessment)');
    expect(zh!.text).toContain(`${platform.url}/applications/${lifecycle}/supplement`);
    const [en] = platform.mail
      .messages({ to: 'agent.major-projects@one-window.local' })
      .filter((m) => m.subject.startsWith('Supplement requested') && m.text.includes('EIA approval'));
    expect(en!.text).toContain('complete list');
  });

  it('loses nothing while the mail server or the bus fails for a while, and sends everything once after', async () => {
    // Prepare: Huadu files; the window accepts; the mail server then fails 3 times, the bus 2 polls.
    await at('2025-04-01T09:00:00');
    const id = await drive.file({
      as: actors.huadu,
      projectName: 'Huadu resin line',
      requiredPermits: ['construction'],
    });
    await at('2025-04-01T10:00:00');
    await drive.decideIntake(id, { outcome: 'refuse', reason: '不符合产业准入 (outside the industry list)' });
    const smtp = notifyDepsOf(runtime).mail;
    let mailFailures = 3;
    const flakyMail: MailSender = {
      send: (message) =>
        mailFailures-- > 0 ? Promise.reject(new Error('SMTP 421 (test)')) : smtp.send(message),
    };
    const handler = notificationHandler({ mail: flakyMail });
    let busDown = 2;
    let polls = 0;
    const stream = reader(async (event) => {
      if (busDown > 0) {
        busDown -= 1;
        throw new Error('EventBridge unavailable (test)');
      }
      return handler(event);
    });

    // Act
    for (;;) {
      polls += 1;
      const { delivered: n, failed } = await stream.poll();
      if (n === 0 && !failed) break;
      if (polls > 40) throw new Error('never recovered');
    }
    await stream.stop();

    // Assess: everything once, after the faults passed.
    expect(polls).toBeGreaterThan(3);
    expect(await delivered(id)).toEqual({
      'enterprise.huadu': { inApp: ['application-refused'], email: ['application-refused'], sms: [] },
      'clerk.window': { inApp: ['new-application'], email: ['new-application'], sms: [] },
    });
  });

  it("brings the sweeper's reminders to the mail sink and the centre exactly once, however often it sweeps", async () => {
    // Prepare: Huadu's application accepted with a gap due Friday 18 April 2025; Changchun's left at the window.
    await at('2025-04-14T09:00:00');
    const gaps = await drive.file({
      as: actors.huadu,
      projectName: 'Huadu coating line',
      requiredPermits: ['construction'],
    });
    const undecided = await drive.file({
      projectName: 'Changchun press shop',
      requiredPermits: ['construction'],
    });
    await at('2025-04-14T10:00:00');
    await drive.decideIntake(gaps, {
      outcome: 'accept-with-gaps',
      gaps: [{ documentKind: 'energy-assessment', dueOn: '2025-04-18' }],
    });
    const stream = reader(notificationHandler());
    const sweepTwice = async (local: string) => {
      await at(local);
      await platform.sweep();
      await at(local.replace(':00:00', ':15:00'));
      await platform.sweep();
      await stream.drain();
    };

    // Act: two sweeps, each time, on the day the gap is due in 2 working days (Wed 16), on the window's last
    // day before Art. 32 deems the other accepted (Fri 18: 15, 16, 17, 18, 21 April), and once it is overdue.
    await stream.drain();
    await sweepTwice('2025-04-16T10:00:00');
    await sweepTwice('2025-04-18T10:00:00');
    await sweepTwice('2025-04-19T10:00:00');
    await stream.stop();

    // Assess
    expect(await delivered(gaps)).toEqual({
      'enterprise.huadu': {
        inApp: ['application-accepted-with-gaps', 'gap-due-soon', 'gap-overdue'],
        email: ['application-accepted-with-gaps', 'gap-due-soon', 'gap-overdue'],
        sms: [],
      },
      'clerk.window': { inApp: ['new-application'], email: ['new-application'], sms: [] },
      'officer.housing-construction': { inApp: ['step-assigned'], email: ['step-assigned'], sms: [] },
    });
    // The undecided intake (a 1-day budget) turned red on the way: the clerks heard that too, once.
    expect((await delivered(undecided))['clerk.window']).toEqual({
      inApp: ['deemed-acceptance-near', 'new-application', 'step-red'],
      email: ['deemed-acceptance-near', 'new-application', 'step-red'],
      sms: [],
    });
    const [mail] = platform.mail
      .messages({ to: 'enterprise.huadu@one-window.local' })
      .filter((m) => m.subject.startsWith('容缺材料即将到期'));
    expect(mail!.text).toContain('「energy-assessment」将于 2025-04-18 到期');
    expect(mail!.text).toContain(`${platform.url}/applications/${gaps}`);
  });

  it("sends each administrator the day's digest of what turned red once, the next morning, and nothing after a quiet day", async () => {
    // Prepare: an application whose review turns red (and is escalated, 督办) on Tuesday 3 June 2025.
    await at('2025-05-06T09:00:00');
    const late = await drive.file({ projectName: 'Changchun paint shop', requiredPermits: ['construction'] });
    await at('2025-05-06T10:00:00');
    await drive.decideIntake(late, { outcome: 'accept' });
    await at('2025-06-03T10:00:00');
    await platform.sweep();
    const administrators = await store.members({ type: 'administrators' });
    const stream = reader(notificationHandler());
    const digestsOf = async (date: string) =>
      Object.fromEntries(
        await Promise.all(
          administrators.map(async ({ userId, email }) => {
            const inApp = (await store.list(userId, { limit: 100 })).items.filter(
              (n) => n.outboxId === `DIGEST#${date}`,
            );
            const ids = new Set(inApp.map((n) => n.notificationId));
            // The mail sink as a user meets it: GET /local/mail.
            const response = await fetch(`${platform.url}/local/mail?to=${encodeURIComponent(email!)}`);
            const { messages } = (await response.json()) as {
              messages: { subject: string; text: string; notificationId?: string }[];
            };
            return [userId, { inApp, mail: messages.filter((m) => ids.has(m.notificationId!)) }] as const;
          }),
        ),
      );

    // Act: the next morning, a sweep before 08:00 (too early), two after it, the stream read twice.
    for (const local of ['2025-06-04T07:30:00', '2025-06-04T08:30:00', '2025-06-04T08:45:00']) {
      await at(local);
      await platform.sweep();
    }
    await stream.drain();
    await stream.drain();
    // A day with nothing red (Wednesday 4 June): Thursday morning's sweeps record an empty digest.
    for (const local of ['2025-06-05T08:30:00', '2025-06-05T08:45:00']) {
      await at(local);
      await platform.sweep();
    }
    await stream.drain();
    await stream.stop();

    // Assess: one in-app notification and one e-mail per administrator, listing the red step, linking the board.
    expect(administrators.length).toBeGreaterThan(0);
    const digests = await digestsOf('2025-06-04');
    for (const { userId } of administrators) {
      const { inApp, mail } = digests[userId]!;
      expect(inApp.map((n) => n.kind)).toEqual(['red-digest']);
      expect(inApp[0]).not.toHaveProperty('applicationId');
      expect(inApp[0]!.title).toContain('2025-06-03');
      expect(inApp[0]!.body).toContain(late);
      expect(inApp[0]!.link).toBe(`${platform.url}/#/admin`);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text).toContain(late);
    }
    // The notification centre's route shows it (no applicationId) beside the others.
    const centre = await drive.api.ok(actors.admin, 'GET', '/notifications?limit=100');
    expect(JSON.stringify(centre)).toContain('DIGEST#2025-06-04');
    // Nothing turned red on Wednesday: nobody is told anything on Thursday.
    for (const entry of Object.values(await digestsOf('2025-06-05'))) {
      expect(entry).toEqual({ inApp: [], mail: [] });
    }
  });

  it("tells the department's officers of a supervision order (督办单) once, in-app, by e-mail and SMS, and nobody else", async () => {
    // Prepare: an accepted application whose construction review is open at housing and construction.
    await at('2025-07-07T09:00:00');
    const pushed = await drive.file({
      projectName: 'Changchun gearbox hall',
      requiredPermits: ['construction'],
    });
    await at('2025-07-07T10:00:00');
    await drive.decideIntake(pushed, { outcome: 'accept' });
    const review = await drive.openStep(pushed, 'review', 'construction');
    const stream = reader(notificationHandler());
    await stream.drain();
    const before = await delivered(pushed);
    const officer = actors.housing;

    // Act: an administrator orders the department to act within 3 working days; the stream is read twice.
    await at('2025-07-08T10:00:00');
    await drive.api.ok(actors.admin, 'POST', `/applications/${pushed}/supervision-orders`, {
      stepId: review.stepId,
      reason: '企业反映审查进度慢，请三日内出具意见',
      limitWorkingDays: 3,
    });
    await stream.drain();
    await stream.drain();
    await stream.stop();

    // Assess: the department's officer, once per channel (SMS too: an order with a limit); nobody else.
    const after = await delivered(pushed);
    expect(after[officer]).toEqual({
      inApp: [...before[officer]!.inApp, 'supervision-ordered'].sort(),
      email: [...before[officer]!.email, 'supervision-ordered'].sort(),
      sms: [...before[officer]!.sms, 'supervision-ordered'].sort(),
    });
    for (const userId of people.filter((person) => person !== officer)) {
      expect(after[userId], userId).toEqual(before[userId]);
    }
    const [mail] = platform.mail
      .messages({ to: `${officer}@one-window.local` })
      .filter((m) => m.subject.startsWith('督办单'));
    expect(mail!.subject).toBe(`督办单：住房和城乡建设 · Changchun gearbox hall (${pushed})`);
    expect(mail!.text).toContain('督办事由：企业反映审查进度慢，请三日内出具意见');
    expect(mail!.text).toContain(`${platform.url}/#/supervision`);
  });

  it('tells the administrator who issued a supervision order of its answer, and the department and that administrator of its lapse, once each', async () => {
    // Prepare: two open construction reviews at housing and construction, and a second administrator in the
    // directory, who issued neither order and so hears of neither.
    const deputy = 'admin.deputy-director';
    await store.putPerson({
      userId: deputy,
      name: '副主任',
      email: `${deputy}@one-window.local`,
      role: 'administrator',
    });
    expect((await store.members({ type: 'administrators' })).map((p) => p.userId)).toContain(deputy);
    const reviewed = async (projectName: string, hour: number) => {
      await at(`2025-08-04T${hour}:00:00`);
      const id = await drive.file({ projectName, requiredPermits: ['construction'] });
      await at(`2025-08-04T${hour}:30:00`);
      await drive.decideIntake(id, { outcome: 'accept' });
      return { id, stepId: (await drive.openStep(id, 'review', 'construction')).stepId };
    };
    const answered = await reviewed('Changchun axle plant', 10);
    const lapsed = await reviewed('Changchun forge', 11);
    const order = async (target: { id: string; stepId: string }, limitWorkingDays: number) =>
      (
        await drive.api.ok<{ orderId: string }>(
          actors.admin,
          'POST',
          `/applications/${target.id}/supervision-orders`,
          { stepId: target.stepId, reason: '请加快会审', limitWorkingDays },
        )
      ).orderId;
    const answer = (target: { id: string }, orderId: string, response: string) =>
      drive.api.ok(
        actors.housing,
        'POST',
        `/applications/${target.id}/supervision-orders/${orderId}/answer`,
        { response },
      );
    const stream = reader(notificationHandler());
    const supervisionKinds = async (applicationId: string) => {
      const all = await delivered(applicationId);
      const only = (kinds: string[]) => kinds.filter((kind) => kind.startsWith('supervision-'));
      return Object.fromEntries(
        Object.entries(all)
          .map(([userId, e]) => [userId, { inApp: only(e.inApp), email: only(e.email), sms: only(e.sms) }])
          .filter(([, e]) => (e as { inApp: string[] }).inApp.length > 0),
      );
    };

    // Act: Tuesday 5 August, both ordered (1 and 3 working days); the first answered in time the same day; the
    // second's limit ends with Friday 8 August, the sweeper finds it lapsed on Monday 11th, and it is answered
    // late that afternoon. The stream is read twice each time.
    await at('2025-08-05T09:00:00');
    const first = await order(answered, 3);
    const second = await order(lapsed, 1);
    await at('2025-08-05T15:00:00');
    await answer(answered, first, '已组织会审，8月6日出具意见');
    await stream.drain();
    await stream.drain();
    await at('2025-08-11T09:00:00');
    await platform.sweep();
    await platform.sweep();
    await stream.drain();
    await stream.drain();
    const beforeLateAnswer = await supervisionKinds(lapsed.id);
    await at('2025-08-11T15:00:00');
    await answer(lapsed, second, '已补办');
    await stream.drain();
    await stream.drain();
    await stream.stop();

    // Assess: the answer in time reaches the issuer alone (in-app and e-mail), not the officers (one of them
    // answered), not the other administrator, not the enterprise.
    const issuer = actors.admin;
    const officer = actors.housing;
    expect(await supervisionKinds(answered.id)).toEqual({
      [officer]: {
        inApp: ['supervision-ordered'],
        email: ['supervision-ordered'],
        sms: ['supervision-ordered'],
      },
      [issuer]: { inApp: ['supervision-answered'], email: ['supervision-answered'], sms: [] },
    });
    const [answerMail] = platform.mail
      .messages({ to: `${issuer}@one-window.local` })
      .filter((m) => m.subject === `督办单已回复：住房和城乡建设 · Changchun axle plant (${answered.id})`);
    expect(answerMail!.text).toContain('办理情况：已组织会审，8月6日出具意见');
    expect(answerMail!.text).not.toContain('逾期');
    // The lapse reaches the department's officers (SMS too: as urgent as the order) and the issuer, once.
    expect(beforeLateAnswer).toEqual({
      [officer]: {
        inApp: ['supervision-ordered', 'supervision-overdue'],
        email: ['supervision-ordered', 'supervision-overdue'],
        sms: ['supervision-ordered', 'supervision-overdue'],
      },
      [issuer]: { inApp: ['supervision-overdue'], email: ['supervision-overdue'], sms: [] },
    });
    const [overdueMail] = platform.mail
      .messages({ to: `${officer}@one-window.local` })
      .filter((m) => m.subject === `督办单逾期：住房和城乡建设 · Changchun forge (${lapsed.id})`);
    expect(overdueMail!.text).toContain(`${platform.url}/#/supervision`);
    // The late answer reaches the issuer, marked late.
    expect((await supervisionKinds(lapsed.id))[issuer]).toEqual({
      inApp: ['supervision-answered', 'supervision-overdue'],
      email: ['supervision-answered', 'supervision-overdue'],
      sms: [],
    });
    const [lateMail] = platform.mail
      .messages({ to: `${issuer}@one-window.local` })
      .filter((m) => m.subject === `督办单已回复：住房和城乡建设 · Changchun forge (${lapsed.id})`);
    expect(lateMail!.text).toContain('（逾期回复）');
    // The other administrator issued neither order.
    const deputyKinds = (await store.list(deputy, { limit: 100 })).items.filter((n) =>
      [answered.id, lapsed.id].includes(n.applicationId!),
    );
    expect(deputyKinds).toEqual([]);
  });
});
