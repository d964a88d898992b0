// The portal's screens for officers' work (issue 14), the project register (issue 13) and the service
// configuration (issue 15), in a real browser (Debian's Chromium via playwright-core) against one embedded runtime,
// with the same support as portal.test.ts: an officer claims a step and the department lead reassigns it with a
// reason (the step's history and the application's timeline show both), Art. 45 excluded time is recorded; the
// service centre registers a project and names its approval secretary, the enterprise raises a problem ticket,
// the department marks it solved and the enterprise strikes it off (销号), the secretary and the department find
// it under "my assigned projects" (我负责的项目), an overdue one shows escalated
// (挂牌督办); an administrator changes a permit's review budget and finds the new version in the change history;
// an enterprise opening an administrator's screen gets the 403 page. Every new screen passes axe (no serious or
// critical violation) and is photographed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { actors, type ApprovalDriver } from '#infra/local/driver';
import { beijing } from '../e2e/support.ts';
import {
  chromiumAvailable,
  expectAccessible,
  browserSession,
  screenshot,
  signedIn,
  type Person,
} from '../support/browser.ts';

let runtime: { url: string };
let drive: ApprovalDriver;
let browser: Browser;
const people: Person[] = [];
let applicationId = '';
let stepId = '';
let projectPath = '';

const eventually = <T>(look: () => Promise<T> | T) => expect.poll(look, { timeout: 15_000, interval: 100 });
const at = (instant: string) => drive.api.setClock(beijing(instant));
const lead = 'lead.natural-resources';
const secondOfficer = 'officer.natural-resources.2';

async function as(userId: string, options: Parameters<typeof signedIn>[3] = {}): Promise<Person> {
  const person = await signedIn(browser, runtime.url, userId, options);
  people.push(person);
  return person;
}

async function done(person: Person): Promise<void> {
  expect(person.problems).toEqual([]);
  await person.context.close();
}

describe
  .skipIf(!chromiumAvailable)
  .sequential('the portal: work, projects, configuration', { timeout: 120_000 }, () => {
    beforeAll(async () => {
      ({ runtime, drive, browser } = await browserSession());
      // An accepted application: its land-use-planning review waits in natural resources' inbox, unassigned.
      await at('2025-06-09T09:00:00');
      applicationId = await drive.file({
        projectName: '长春智能制造产业园',
        requiredPermits: ['land-use-planning'],
      });
      await drive.decideIntake(applicationId, { outcome: 'accept' });
      stepId = (await drive.openStep(applicationId, 'review', 'land-use-planning')).stepId;
      await at('2025-06-12T10:00:00');
    }, 180_000);

    afterEach(async (context) => {
      const last = people.at(-1);
      if (context.task.result?.state === 'fail' && last && !last.page.isClosed()) {
        await screenshot(last.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(
          () => undefined,
        );
      }
    });

    afterAll(async () => {
      for (const person of people) await person.context.close().catch(() => undefined);
      await browser?.close();
    });

    it('lets an officer claim a step from the unassigned view, and shows it as theirs', async () => {
      const person = await as(actors.naturalResources);
      const { page } = person;
      await page.getByRole('link', { name: '我的工作台' }).click();
      await page.getByRole('link', { name: '未分配' }).click();
      const row = page.locator(`tr[data-step="${stepId}"]`);
      await eventually(() => row.textContent()).toContain('未分配');
      await expectAccessible(page);
      await screenshot(page, 'zh-officer-work-unassigned');

      // Act
      await row.getByRole('button', { name: /认领/ }).click();

      // Assess: gone from "unassigned", held by the officer in "mine" (where it can be released)
      // (other files' applications share the runtime: this step's row is what must leave the view)
      await eventually(() => row.count()).toBe(0);
      await page.getByRole('link', { name: '我的', exact: true }).click();
      const mine = page.locator(`tr[data-step="${stepId}"]`);
      await eventually(() => mine.textContent()).toContain(actors.naturalResources);
      await eventually(() => mine.getByRole('button', { name: /退回/ }).isVisible()).toBe(true);
      await expectAccessible(page);
      await screenshot(page, 'zh-officer-work-mine');
      await done(person);
    });

    it('lets the department lead reassign the step only with a reason; the histories show both changes', async () => {
      const person = await as(lead);
      const { page } = person;
      await page.goto(`/#/work/step/${applicationId}/${stepId}`);
      await eventually(() => page.getByTestId('assignee').textContent()).toBe(actors.naturalResources);

      // Act: a reassignment without a reason is refused beside the reason field
      await page.getByLabel('承办人（用户标识）').fill(secondOfficer);
      await page.getByRole('button', { name: '指派', exact: true }).click();
      await eventually(() => page.getByLabel('理由').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      await screenshot(page, 'zh-lead-reassign-reason-required');
      await page.getByLabel('理由').fill('原承办人出差，工作量调配');
      await page.getByRole('button', { name: '指派', exact: true }).click();

      // Assess
      await eventually(() => page.getByTestId('assignee').textContent()).toBe(secondOfficer);
      const history = page.getByRole('region', { name: '环节记录' });
      await eventually(() => history.textContent()).toContain(`认领 · ${actors.naturalResources}`);
      await eventually(() => history.textContent()).toContain(
        `指派承办人 · ${lead} → ${secondOfficer} · 理由: 原承办人出差，工作量调配`,
      );
      await screenshot(page, 'zh-lead-step-reassigned');

      // The application's own timeline says the same
      await page.goto(`/#/applications/${applicationId}`);
      await eventually(() => page.locator('ol.timeline').textContent()).toContain(`→ ${secondOfficer}`);
      await eventually(() => page.locator('ol.timeline').textContent()).toContain('原承办人出差');
      await done(person);
    });

    it('lets the assignee record excluded time, the API’s errors beside the fields', async () => {
      const person = await as(secondOfficer);
      const { page } = person;
      await page.goto(`/#/work/step/${applicationId}/${stepId}`);
      await eventually(() => page.getByTestId('assignee').textContent()).toBe(secondOfficer);

      // Act: nothing filled in → the start and end are named
      await page.getByRole('button', { name: '登记', exact: true }).click();
      await eventually(() => page.getByLabel('开始时间').getAttribute('aria-invalid')).toBe('true');
      await eventually(() => page.getByLabel('结束时间').getAttribute('aria-invalid')).toBe('true');

      // Act: a hearing on Tuesday
      await page.getByLabel('类别').selectOption('hearing');
      await page.getByLabel('开始时间').fill('2025-06-10T09:00');
      await page.getByLabel('结束时间').fill('2025-06-11T09:00');
      await page.getByLabel('说明').fill('规划听证会');
      await page.getByRole('button', { name: '登记', exact: true }).click();

      // Assess
      await eventually(() => page.getByText('已登记，期限已顺延。').isVisible()).toBe(true);
      await eventually(() => page.getByRole('region', { name: '环节记录' }).textContent()).toContain('听证');
      await expectAccessible(page);
      await screenshot(page, 'zh-officer-step-excluded-time');
      await done(person);
    });

    it('lets an officer declare an absence with a substitute (代理)', async () => {
      const person = await as(actors.naturalResources);
      const { page } = person;
      await page.goto('/#/work/mine');
      await page.getByLabel('开始', { exact: true }).fill('2025-06-16T00:00');
      await page.getByLabel('结束（不含）').fill('2025-06-21T00:00');
      await page.getByLabel('代理人（用户标识）', { exact: true }).fill(secondOfficer);
      await page.getByRole('button', { name: '登记请假' }).click();
      await eventually(() => page.getByRole('status').filter({ hasText: '代理' }).textContent()).toContain(
        secondOfficer,
      );
      await done(person);
    });

    it('lets the service centre register a project and name its approval secretary', async () => {
      const person = await as(actors.clerk);
      const { page } = person;
      await page.getByRole('link', { name: '项目库' }).click();
      await page.getByLabel('企业标识').first().fill('ent-changchun-auto-parts');
      await page.getByRole('button', { name: '查看项目' }).click();
      await eventually(() => page.getByText('还没有项目。').isVisible()).toBe(true);
      await expectAccessible(page);

      // Act: registered in reserve (储备) before the enterprise files anything; the amount forgotten first
      const form = page.getByRole('form', { name: '项目入库' });
      await form.getByLabel('项目名称').fill('长春新能源电池项目');
      await form.getByLabel('行业').selectOption('new-energy');
      await form.getByLabel('建设地点').fill('长春经济技术开发区');
      await form.getByRole('button', { name: '登记入库' }).click();
      await eventually(() => form.getByLabel('计划总投资（元）').getAttribute('aria-invalid')).toBe('true');
      await form.getByLabel('计划总投资（元）').fill('500000000');
      await form.getByRole('button', { name: '登记入库' }).click();

      // Assess
      await page.waitForURL(/#\/projects\/[^/]+$/);
      projectPath = new URL(page.url()).hash.slice(1);
      await eventually(() => page.getByTestId('stage').textContent()).toBe('储备');

      // Act: the secretary, the leader and the task force
      await page.getByLabel('审批秘书/代办员').fill(actors.agent);
      await page.getByLabel('责任领导').fill('王副主任');
      await page.getByLabel('工作专班').fill('新能源项目专班');
      await page.getByRole('button', { name: '保存人员' }).click();

      // Assess
      await eventually(() => page.getByTestId('secretary').textContent()).toBe(actors.agent);
      await eventually(() => page.locator('ol.timeline').textContent()).toContain('确定项目人员');
      await expectAccessible(page);
      await screenshot(page, 'zh-clerk-project');
      await done(person);
    });

    it('lets the enterprise raise a problem that the department solves and the enterprise strikes off (销号)', async () => {
      // The enterprise raises it
      const enterprise = await as(actors.changchun);
      await enterprise.page.getByRole('link', { name: '项目库' }).click();
      await enterprise.page.getByRole('link', { name: '长春新能源电池项目' }).click();
      await eventually(() => enterprise.page.getByTestId('secretary').textContent()).toBe(actors.agent);
      const raise = enterprise.page.getByRole('form', { name: '提出问题' });
      await raise.getByLabel('问题', { exact: true }).fill('供电线路未接入');
      await raise.getByLabel('问题描述').fill('厂区 10kV 专线尚未接入，影响设备调试。');
      await raise.getByLabel('类别').selectOption('utilities');
      await raise.getByLabel('责任单位').selectOption('natural-resources');
      await raise.getByLabel('时限（工作日）').fill('5');
      await raise.getByRole('button', { name: '提出问题' }).click();
      const row = enterprise.page.locator('tr[data-ticket]');
      await eventually(() => row.textContent()).toContain('已提出');
      await expectAccessible(enterprise.page);
      await screenshot(enterprise.page, 'zh-enterprise-project-ticket');

      // The responsible department marks it solved with its resolution
      const officer = await as(actors.naturalResources);
      await officer.page.goto(`/#${projectPath}`);
      const officerRow = officer.page.locator('tr[data-ticket]');
      await officerRow.getByLabel('说明').fill('已协调供电公司完成接入');
      await officerRow.getByRole('button', { name: '已解决' }).click();
      await eventually(() => officerRow.textContent()).toContain('待确认');
      await done(officer);

      // The enterprise confirms: struck off
      await enterprise.page.reload();
      await eventually(() => row.getByRole('button', { name: '确认销号' }).isVisible()).toBe(true);
      await row.getByRole('button', { name: '确认销号' }).click();
      await eventually(() => row.textContent()).toContain('已销号');
      const timeline = enterprise.page.locator('ol.timeline');
      await eventually(() => timeline.textContent()).toContain('问题已解决');
      await eventually(() => timeline.textContent()).toContain('已协调供电公司完成接入');
      await eventually(() => timeline.textContent()).toContain('销号');
      await expectAccessible(enterprise.page);
      await screenshot(enterprise.page, 'zh-enterprise-ticket-struck-off');

      // The enterprise reports progress: the investment agreement is signed (签约)
      const progress = enterprise.page.getByRole('form', { name: '报告进度' });
      await progress.getByLabel('进入阶段').selectOption('signed');
      await progress.getByLabel('实际日期').fill('2025-06-12');
      await progress.getByLabel('说明').fill('投资协议已签署');
      await progress.getByRole('button', { name: '报告' }).click();
      await eventually(() => enterprise.page.getByTestId('stage').textContent()).toBe('签约');
      await eventually(() => timeline.textContent()).toContain('进入新阶段 · 签约');
      await done(enterprise);
    });

    it('shows the secretary and the department their assigned projects (我负责的项目)', async () => {
      for (const userId of [actors.agent, actors.naturalResources]) {
        const person = await as(userId);
        const { page } = person;
        await page.getByRole('link', { name: '项目库' }).click();
        const mine = page.getByRole('region', { name: '我负责的项目' });
        await eventually(() => mine.getByRole('link', { name: '长春新能源电池项目' }).isVisible()).toBe(true);
        await expectAccessible(page);
        await screenshot(page, `zh-assigned-projects-${userId.replace(/\W+/g, '-')}`);
        await mine.getByRole('link', { name: '长春新能源电池项目' }).click();
        await page.waitForURL(new RegExp(`#${projectPath}$`));
        await done(person);
      }
    });

    it('shows a problem ticket past its time limit as escalated (挂牌督办) after the SLA sweep', async () => {
      // Prepare: a one-working-day problem raised on Thursday 6 March
      const person = await as(actors.changchun);
      const { page } = person;
      await page.goto(`/#${projectPath}`);
      const raise = page.getByRole('form', { name: '提出问题' });
      await raise.getByLabel('问题', { exact: true }).fill('规划条件待明确');
      await raise.getByLabel('问题描述').fill('容积率指标需规划部门书面确认。');
      await raise.getByLabel('类别').selectOption('planning');
      await raise.getByLabel('时限（工作日）').fill('1');
      await raise.getByRole('button', { name: '提出问题' }).click();
      const row = page.locator('tr[data-ticket]', { hasText: '规划条件待明确' });
      await eventually(() => row.textContent()).toContain('已提出');

      // Act: the next Wednesday, the sweeper runs
      await at('2025-06-18T10:00:00');
      expect((await drive.api.request('POST', '/local/sweep')).status).toBe(200);
      await page.reload();

      // Assess
      await eventually(() => row.textContent()).toContain('挂牌督办');
      await eventually(() => row.textContent()).toMatch(/超期 \d+ 个工作日/);
      await eventually(() => page.locator('ol.timeline').textContent()).toContain('挂牌督办');
      await expectAccessible(page);
      await screenshot(page, 'zh-enterprise-ticket-escalated');
      await done(person);
    });

    it('lets an administrator change a review budget and find the new version in the history', async () => {
      const person = await as(actors.admin);
      const { page } = person;
      await page.getByRole('link', { name: '服务配置' }).click();
      const revision = page.getByTestId('revision');
      await eventually(() => revision.textContent()).toMatch(/^\d+$/);
      const before = Number(await revision.textContent());
      await expectAccessible(page);
      await screenshot(page, 'zh-admin-service-config');

      // Act: a budget of 0 days is refused beside its field
      const budget = page.locator('#budget-land-use-planning-regular');
      await budget.fill('0');
      await page.getByRole('button', { name: '保存为新版本' }).click();
      await eventually(() => budget.getAttribute('aria-invalid')).toBe('true');
      await budget.fill('4');
      await page.getByLabel('修改说明（记入变更记录）').fill('试点压缩规划审查时限');
      await page.getByRole('button', { name: '保存为新版本' }).click();

      // Assess: a new version in force, listed in the history with the note; the old one readable, read-only
      await eventually(() => revision.textContent()).toBe(String(before + 1));
      const history = page.getByRole('region', { name: '变更记录' });
      await eventually(() => history.textContent()).toContain(`${before} → ${before + 1}`);
      await eventually(() => history.textContent()).toContain('试点压缩规划审查时限');
      await eventually(() => budget.inputValue()).toBe('4');
      await page.goto(`/#/admin/config?revision=${before}`);
      await eventually(() => page.getByText(`正在查看历史版本 ${before}`).isVisible()).toBe(true);
      await expect.poll(() => page.locator('#budget-land-use-planning-regular').isDisabled()).toBe(true);
      await screenshot(page, 'zh-admin-service-config-history');

      // The parcels register
      await page.getByRole('link', { name: '标准地' }).click();
      await eventually(() => page.getByRole('rowheader', { name: 'HD-2025-07' }).isVisible()).toBe(true);
      await expectAccessible(page);
      await screenshot(page, 'zh-admin-parcels');
      await done(person);
    });

    it('shows the configuration in English', async () => {
      const person = await as(actors.admin, { language: 'en' });
      const { page } = person;
      await page.goto('/#/admin/config');
      await eventually(() => page.getByRole('heading', { name: 'Service configuration' }).isVisible()).toBe(
        true,
      );
      await eventually(() => page.getByRole('region', { name: 'Change history' }).isVisible()).toBe(true);
      await expectAccessible(page);
      await screenshot(page, 'en-admin-service-config');
      await done(person);
    });

    it('gives an enterprise the 403 page for the administrator’s configuration screens', async () => {
      const person = await as(actors.changchun);
      const { page } = person;
      for (const screen of ['/#/admin/config', '/#/admin/parcels']) {
        await page.goto(screen);
        await eventually(() => page.getByRole('heading', { name: '无权访问' }).isVisible()).toBe(true);
      }
      await expectAccessible(page);
      await done(person);
    });
  });
