// 好差评 in a real browser against the shared runtime (browser-setup.ts), in its own era of the runtime's clock
// (February–March 2026; other files' data share the runtime, so nothing assumes an empty list): one application is
// driven to issuance and another refused through the API; the enterprise rates the issued one in the browser (very
// satisfied, with a department's own score) and the refused one poorly; an administrator finds the poor rating
// among the follow-ups (overdue once its fifth working day has passed), records its handling, and sees the
// satisfaction figures on the board and on the published page; the enterprise then reads the answer. Each screen
// passes axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actors, type ApprovalDriver } from '#infra/local/driver';
import { beijing } from '../e2e/support.ts';
import {
  browserSession,
  chromiumAvailable,
  expectAccessible,
  screenshot,
  signedIn,
  type Person,
} from '../support/browser.ts';

let runtime: { url: string };
let drive: ApprovalDriver;
let browser: Browser;
const people: Person[] = [];
const finished = { issued: '', refused: '' };

const eventually = <T>(look: () => Promise<T> | T) => expect.poll(look, { timeout: 20_000, interval: 250 });
const at = (instant: string) => drive.api.setClock(beijing(instant));

/** Waits (outside a test: no expect.poll) for the workflow to bring the application to `status`. */
async function until(applicationId: string, status: string): Promise<void> {
  for (let tries = 0; tries < 80; tries++) {
    if ((await drive.detail(applicationId)).application.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${applicationId} did not reach ${status}`);
}

async function as(userId: string): Promise<Person> {
  const person = await signedIn(browser, runtime.url, userId);
  people.push(person);
  return person;
}

async function done(person: Person): Promise<void> {
  expect(person.problems).toEqual([]);
  await person.context.close();
}

describe.skipIf(!chromiumAvailable).sequential('the portal: ratings (好差评)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ({ runtime, drive, browser } = await browserSession());
    await at('2026-02-02T09:00:00');
    // ASCII in the names: the driver's Idempotency-Key is made of them.
    finished.issued = await drive.file({
      projectName: '二月评价测试园 zzz-ratings-issued',
      requiredPermits: ['land-use-planning'],
    });
    await drive.decideIntake(finished.issued, { outcome: 'accept' });
    await at('2026-02-03T10:00:00');
    await drive.decideReview(finished.issued, 'land-use-planning', { outcome: 'approve' });
    finished.refused = await drive.file({
      projectName: '二月评价测试园 zzz-ratings-refused',
      requiredPermits: ['land-use-planning'],
    });
    await drive.decideIntake(finished.refused, {
      outcome: 'refuse',
      reason: '不属于工业用地项目 (not industrial)',
    });
    await until(finished.issued, 'issued');
    await until(finished.refused, 'refused');
    await at('2026-02-04T09:30:00');
  }, 180_000);

  afterAll(async () => {
    for (const person of people) await person.context.close().catch(() => undefined);
    await browser?.close();
  });

  it('lets the enterprise rate an issued application once, with a department’s own score', async () => {
    const person = await as(actors.changchun);
    const { page } = person;
    await page.goto(`/#/applications/${finished.issued}`);
    const card = page.locator('section.rating');
    await expect(
      card.getByRole('heading', { name: '服务评价（好差评）' }).waitFor(),
    ).resolves.toBeUndefined();
    await expectAccessible(page);

    // Act
    await card.getByLabel('非常满意', { exact: true }).check();
    await card.getByLabel('意见建议（选填，500 字以内）').fill('窗口一次告知，办理很快');
    await card.locator('#rating-dept-natural-resources').selectOption('4');
    await card.getByRole('button', { name: '提交评价' }).click();

    // Assess: the result replaces the form, and a second rating is no longer offered
    await expect(card.getByText('您的评价').waitFor()).resolves.toBeUndefined();
    await expect(card.locator('[data-rating="5"]').count()).resolves.toBe(1);
    await expect(card.getByText('窗口一次告知，办理很快').count()).resolves.toBe(1);
    await expect(card.getByRole('button', { name: '提交评价' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'zh-rating-given');
    const second = await drive.api.call(
      actors.changchun,
      'POST',
      `/applications/${finished.issued}/ratings`,
      {
        level: 1,
      },
    );
    expect(second.status).toBe(409);
    await done(person);
  });

  it('lets the enterprise rate a refused application poorly, which opens a follow-up', async () => {
    const person = await as(actors.changchun);
    const { page } = person;
    await page.goto(`/#/applications/${finished.refused}`);
    const card = page.locator('section.rating');
    await card.getByLabel('非常不满意', { exact: true }).check();
    await card.getByLabel('意见建议（选填，500 字以内）').fill('拒绝理由没有事先说明');
    await card.getByRole('button', { name: '提交评价' }).click();
    await expect(card.getByText('差评整改').waitFor()).resolves.toBeUndefined();
    await expect(card.getByText('整改中').count()).resolves.toBe(1);
    await screenshot(page, 'zh-rating-poor');
    await done(person);
  });

  it('shows the poor rating to an administrator as a follow-up, overdue after five working days, and records its handling', async () => {
    // Due at the end of the fifth working day after 4 February 2026 (Wednesday 11 February); now the day after.
    await at('2026-02-12T10:00:00');
    const person = await as(actors.admin);
    const { page } = person;
    await page.getByRole('link', { name: '差评整改' }).click();
    const row = page.locator(`tr[data-follow-up="${finished.refused}"]`);
    await eventually(() => row.count()).toBe(1);
    await expect(row.textContent()).resolves.toContain('拒绝理由没有事先说明');
    await expect(row.textContent()).resolves.toContain('已逾期');
    await expectAccessible(page);
    await screenshot(page, 'zh-rating-follow-ups');

    // Act
    await row.getByLabel('整改及答复情况').fill('已电话说明不予受理的依据，并提示可改按一般项目申报');
    await row.getByLabel('结果').selectOption('explained');
    await row.getByRole('button', { name: '记录整改' }).click();

    // Assess: the handled follow-up leaves the list
    await eventually(() => row.count()).toBe(0);
    const followUp = await drive.api.ok<{ followUp: { status: string; handledBy: string } }>(
      actors.admin,
      'GET',
      `/applications/${finished.refused}/ratings`,
    );
    expect(followUp.followUp).toMatchObject({ status: 'handled', handledBy: actors.admin });

    // The board's satisfaction table counts the month's ratings, natural resources included.
    await page.goto('/#/admin?from=2026-02&to=2026-02');
    const satisfaction = page.locator('section[aria-labelledby="satisfaction-title"]');
    await eventually(() => satisfaction.locator('tr[data-department="natural-resources"]').count()).toBe(1);
    // Its month pickers are drawn in the page's language, as Field draws date fields.
    expect(await page.locator('#board-from').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#board-to').getAttribute('lang')).toBe('zh-CN');
    await expectAccessible(page);
    await screenshot(page, 'zh-admin-satisfaction');
    await done(person);
  });

  it('publishes the satisfaction rate per department and lets the enterprise read the answer', async () => {
    const visitor = await as(actors.changchun);
    const { page } = visitor;
    await page.goto('/#/performance?month=2026-02');
    const table = page.locator('table');
    await expect(
      table.getByRole('columnheader', { name: '满意率（好差评）' }).waitFor(),
    ).resolves.toBeUndefined();
    await expect(table.textContent()).resolves.toMatch(/\d+\.\d% \(\d+ 条评价\)/);
    expect(await page.locator('input[name="month"]').getAttribute('lang')).toBe('zh-CN');
    await expectAccessible(page);
    await screenshot(page, 'zh-performance-satisfaction');

    await page.goto(`/#/applications/${finished.refused}`);
    const card = page.locator('section.rating');
    await expect(card.getByText('已答复').waitFor()).resolves.toBeUndefined();
    await expect(card.textContent()).resolves.toContain('已电话说明不予受理的依据');
    await screenshot(page, 'zh-rating-answered');
    await done(visitor);
  });
});
