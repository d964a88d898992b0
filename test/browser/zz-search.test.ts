// The portal's search screen (issue 14) in a real browser against the shared runtime (browser-setup.ts), in its own
// era of the runtime's clock (September 2025 on; other files' applications share the runtime, so nothing assumes an
// empty list): a window clerk searches by status and project-name prefix, finds the application and exports the
// selection as the API's CSV; the department lead ticks two applications and reassigns their open steps to one
// officer with a reason, seeing each item's result. Each screen passes axe.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const applications: string[] = [];
const steps: string[] = [];
const supervised = { applicationId: '', stepId: '' };
// A name no other file files: the prefix search finds exactly these.
const prefix = '九月查询测试园';

const eventually = <T>(look: () => Promise<T> | T) => expect.poll(look, { timeout: 15_000, interval: 200 });
const at = (instant: string) => drive.api.setClock(beijing(instant));

async function as(userId: string): Promise<Person> {
  const person = await signedIn(browser, runtime.url, userId);
  people.push(person);
  return person;
}

async function done(person: Person): Promise<void> {
  expect(person.problems).toEqual([]);
  await person.context.close();
}

describe
  .skipIf(!chromiumAvailable)
  .sequential('the portal: search and bulk reassignment', { timeout: 120_000 }, () => {
    beforeAll(async () => {
      ({ runtime, drive, browser } = await browserSession());
      // Two accepted applications whose land-use-planning reviews wait in natural resources' inbox, unassigned.
      await at('2025-09-08T09:00:00');
      for (const n of [1, 2]) {
        const applicationId = await drive.file({
          // ASCII in the name: the driver's Idempotency-Key is made of it.
          projectName: `${prefix} zz-search-${n}`,
          requiredPermits: ['land-use-planning'],
        });
        await drive.decideIntake(applicationId, { outcome: 'accept' });
        applications.push(applicationId);
        steps.push((await drive.openStep(applicationId, 'review', 'land-use-planning')).stepId);
      }
      // A third, for the supervision order (督办单).
      supervised.applicationId = await drive.file({
        projectName: `${prefix} zz-supervision`,
        requiredPermits: ['land-use-planning'],
      });
      await drive.decideIntake(supervised.applicationId, { outcome: 'accept' });
      supervised.stepId = (
        await drive.openStep(supervised.applicationId, 'review', 'land-use-planning')
      ).stepId;
      await at('2025-09-09T10:00:00');
    }, 180_000);

    afterAll(async () => {
      for (const person of people) await person.context.close().catch(() => undefined);
      await browser?.close();
    });

    it('lets a window clerk search by status and name, and export the selection as CSV', async () => {
      const person = await as(actors.clerk);
      const { page } = person;
      await page.getByRole('link', { name: '查询', exact: true }).click();
      await page.getByLabel('状态').selectOption('in-review');
      await page.getByLabel('项目名称（开头）').fill(prefix);
      const row = page.locator(`tr[data-application="${applications[0]}"]`);
      await eventually(async () => {
        await page.getByRole('button', { name: '查询', exact: true }).click();
        return row.count();
      }).toBe(1);
      await expect(row.textContent()).resolves.toContain(`${prefix} zz-search-1`);
      await expectAccessible(page);
      await screenshot(page, 'zh-search-clerk');

      // Act: the export downloads the API's CSV of the same selection
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 CSV' }).click();
      const file = await download;
      const saved = join(mkdtempSync(join(tmpdir(), 'portal-search-')), 'file.csv');
      await file.saveAs(saved);
      const bytes = await readFile(saved);

      // Assess
      expect(file.suggestedFilename()).toMatch(/\.csv$/);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text).toContain(applications[0]);
      expect(text).toContain(applications[1]);
      await done(person);
    });

    it('lets the department lead reassign two applications’ steps at once and shows each result', async () => {
      const person = await as('lead.natural-resources');
      const { page } = person;
      await page.goto('/#/search');
      await page.getByLabel('项目名称（开头）').fill(prefix);
      await page.getByRole('button', { name: '查询', exact: true }).click();
      for (const n of [1, 2])
        await page.getByRole('checkbox', { name: `选择 ${prefix} zz-search-${n}` }).check();
      await page.getByLabel('承办人（用户标识）').fill('officer.natural-resources.2');
      await page.getByLabel('理由').fill('工作量调配');

      // Act
      await page.getByRole('button', { name: '批量改派' }).click();

      // Assess: one result per step, both done
      const results = page.getByRole('status').filter({ has: page.locator('li') });
      for (const [i, stepId] of steps.entries())
        await eventually(() =>
          results.locator(`li[data-item="${applications[i]}/${stepId}"]`).textContent(),
        ).toContain('成功');
      await expectAccessible(page);
      await screenshot(page, 'zh-search-bulk-reassign');
      for (const [i, applicationId] of applications.entries()) {
        const detail = (await drive.detail(applicationId)) as unknown as {
          steps: { stepId: string; assignee?: string }[];
        };
        expect(detail.steps.find((s) => s.stepId === steps[i])?.assignee).toBe('officer.natural-resources.2');
      }
      await done(person);
    });

    it('lets an administrator issue a supervision order that the department answers; the board then drops it', async () => {
      const { applicationId, stepId } = supervised;
      const admin = await as(actors.admin);
      await admin.page.goto(`/#/work/step/${applicationId}/${stepId}`);
      const issue = admin.page.getByRole('form', { name: '发起督办' });
      // A reason is required: the API's refusal shows beside the field
      await issue.getByRole('button', { name: '发出督办单' }).click();
      await eventually(() => issue.getByLabel('理由').getAttribute('aria-invalid')).toBe('true');
      await issue.getByLabel('理由').fill('企业反映久拖未办，请三个工作日内办结');
      await issue.getByLabel('办理时限（工作日）').fill('3');
      await issue.getByRole('button', { name: '发出督办单' }).click();
      const onStep = admin.page.getByRole('region', { name: '督办单' }).locator('tr[data-order]');
      await eventually(() => onStep.textContent()).toContain('待办理');
      await expectAccessible(admin.page);
      await screenshot(admin.page, 'zh-supervision-issue');
      await admin.page.goto('/#/admin');
      const onBoard = admin.page.locator(`tr[data-order]`).filter({ hasText: applicationId });
      await eventually(() => onBoard.count()).toBe(1);
      await expectAccessible(admin.page);

      // Act: the department answers it from its list
      const officer = await as(actors.naturalResources);
      await officer.page.getByRole('link', { name: '督办单', exact: true }).click();
      const row = officer.page.locator('tr[data-order]').filter({ hasText: applicationId });
      await eventually(() => row.count()).toBe(1);
      await expectAccessible(officer.page);
      await screenshot(officer.page, 'zh-supervision-list');
      await row.getByLabel('办理情况').fill('已于当日完成审查');
      await row.getByRole('button', { name: '答复' }).click();

      // Assess: gone from the department's list and the board; answered on the application's timeline
      await eventually(() => row.count()).toBe(0);
      await admin.page.reload();
      await eventually(() => admin.page.getByRole('region', { name: '督办单' }).isVisible()).toBe(true);
      await eventually(() => onBoard.count()).toBe(0);
      const detail = await drive.detail(applicationId);
      expect(detail.timeline.map((e) => e.type)).toContain('supervision-answered');
      await done(officer);
      await done(admin);
    });
  });
