// The public notices (公示, issue 18) in a real browser against the shared runtime (browser-setup.ts), in their own
// era of the runtime's clock (November 2025; other files' data share the runtime, so nothing assumes an empty
// list). An application is filed and issued through the API; then an anonymous visitor reads the construction
// permit's service guide, finds the permit in the public notices by its number, opens its verification (valid),
// and reads the housing department's on-time rate for the month in the published figures. Each screen passes axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ApprovalDriver } from '#infra/local/driver';
import { beijing } from '../e2e/support.ts';
import {
  browserSession,
  chromiumAvailable,
  expectAccessible,
  screenshot,
  visitor,
  type Person,
} from '../support/browser.ts';

let runtime: { url: string };
let drive: ApprovalDriver;
let browser: Browser;
const people: Person[] = [];
// A name no other file files.
const projectName = '十一月公示测试园 zzz-notices';
let certificateNo = '';

const eventually = <T>(look: () => Promise<T> | T) => expect.poll(look, { timeout: 15_000, interval: 200 });
const at = (instant: string) => drive.api.setClock(beijing(instant));

describe
  .skipIf(!chromiumAvailable)
  .sequential('the portal: public notices (公示)', { timeout: 120_000 }, () => {
    beforeAll(async () => {
      ({ runtime, drive, browser } = await browserSession());
      // Filed and accepted on Monday 3 November, the construction permit approved on the 5th, issued with it.
      await at('2025-11-03T09:00:00');
      const applicationId = await drive.file({ projectName, requiredPermits: ['construction'] });
      await drive.decideIntake(applicationId, { outcome: 'accept' });
      await at('2025-11-05T10:00:00');
      await drive.decideReview(applicationId, 'construction', { outcome: 'approve' });
      await drive.api.settled();
      const detail = (await drive.detail(applicationId)) as unknown as {
        application: { status: string; permits?: { permitType: string; certificateNo: string }[] };
      };
      expect(detail.application.status).toBe('issued');
      certificateNo = detail.application.permits!.find((p) => p.permitType === 'construction')!.certificateNo;
      await at('2025-11-28T10:00:00');
    }, 180_000);

    afterAll(async () => {
      for (const person of people) await person.context.close().catch(() => undefined);
      await browser?.close();
    });

    it('lets an anonymous visitor go from the guide to the notice, its verification and the on-time rate', async () => {
      // Prepare: nobody signed in
      const person = await visitor(browser, runtime.url);
      people.push(person);
      const { page } = person;

      // Act: the construction permit's service guide
      await page.goto('/#/guides');
      await page.getByRole('link', { name: '建筑工程施工许可证' }).click();

      // Assess
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(
        '建筑工程施工许可证 办事指南',
      );
      await expectAccessible(page);
      await screenshot(page, 'zh-public-notices-guide');

      // Act: the public notices, searched by the permit's number
      await page.getByRole('link', { name: '公示公告' }).click();
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('公示公告');
      await page.getByLabel('搜索').fill(certificateNo);
      await page.getByRole('button', { name: '查询', exact: true }).click();

      // Assess: exactly the notice of that permit, with the fields a notice carries
      const rows = page.getByRole('table', { name: '公示公告' }).locator('tbody tr');
      await eventually(() => rows.count()).toBe(1);
      const row = rows.first();
      const text = await row.textContent();
      for (const field of [
        certificateNo,
        '发证',
        '2025-11-05',
        '建筑工程施工许可证',
        projectName,
        '住房和城乡建设',
      ]) {
        expect(text).toContain(field);
      }
      expect(text).toContain('工业园区 一般工业用地');
      await expectAccessible(page);
      await screenshot(page, 'zh-public-notices-search');

      // Act: its verification
      await row.getByRole('link', { name: `核验证书 ${certificateNo}` }).click();

      // Assess
      await eventually(() => page.getByRole('heading', { name: /核验结果/ }).textContent()).toMatch(/有效/);
      await expectAccessible(page);
      await screenshot(page, 'zh-public-notices-verify');

      // Act: the published figures of the month the permit was reviewed and issued in
      await page.goto('/#/performance?month=2025-11');

      // Assess: the housing department's reviews closed that month, with their on-time rate
      const housing = page.getByRole('row', { name: /住房和城乡建设/ }).first();
      await eventually(() => housing.textContent()).toMatch(/一般项目\d+\d+\d+(\.\d)?%/);
      await expectAccessible(page);
      await screenshot(page, 'zh-public-notices-performance');
      expect(person.problems).toEqual([]);
    });

    it('shows the notices in English too, searched by project name from the address', async () => {
      // Prepare
      const person = await visitor(browser, runtime.url, { language: 'en' });
      people.push(person);
      const { page } = person;

      // Act
      await page.goto(`/#/notices?q=${encodeURIComponent(projectName)}`);

      // Assess
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Public notices');
      const rows = page.getByRole('table', { name: 'Public notices' }).locator('tbody tr');
      await eventually(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('Issued');
      // Departments are named in the portal's language where it knows the name.
      expect(await rows.first().textContent()).toContain('Housing & construction');
      await expectAccessible(page);
      await screenshot(page, 'en-public-notices');
      // The published figures' month picker speaks English too (lang before type, as Field gives it).
      await page.goto('/#/performance?month=2025-11');
      const month = page.locator('input[name="month"]');
      await eventually(() => month.getAttribute('lang')).toBe('en');
      await eventually(() =>
        page.getByRole('row', { name: /Housing & construction/ }).count(),
      ).toBeGreaterThan(0);
      await screenshot(page, 'en-public-performance');
      expect(person.problems).toEqual([]);
    });

    it('keeps what the visitor typed while the first page of notices is still loading', async () => {
      // Prepare: the first page of notices held back until the visitor has typed
      const person = await visitor(browser, runtime.url);
      people.push(person);
      const { page } = person;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/public/notices*', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto('/#/notices');
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('公示公告');

      // Act: type, then the page arrives and the list re-renders, then search
      await page.getByLabel('搜索').fill(certificateNo);
      release();
      await eventually(() =>
        page.getByRole('table', { name: '公示公告' }).locator('tbody tr').count(),
      ).toBeGreaterThan(0);
      await page.unroute('**/public/notices*');
      await page.getByRole('button', { name: '查询', exact: true }).click();

      // Assess: the search ran with what was typed
      await eventually(() => page.url()).toContain(`q=${certificateNo}`);
      const rows = page.getByRole('table', { name: '公示公告' }).locator('tbody tr');
      await eventually(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(certificateNo);
      expect(person.problems).toEqual([]);
    });
  });
