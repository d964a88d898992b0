// The portal in a real browser (Debian's Chromium via playwright-core) against ONE embedded runtime: an
// enterprise files an application with documents; the clerk requests a supplement (一次性告知); the enterprise
// answers; the clerk accepts; every department approves; the enterprise sees the permits and the working days
// used; the administrator finds the case on the SLA board; a department officer gets the 403 page for another
// department's inbox. Every main screen passes axe (no serious or critical violation) and is photographed
// (.local/screenshots), in Chinese and once in English. One browser, one runtime, tests in order.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { actors, type ApprovalDriver } from '#infra/local/driver';
import { beijing } from '../e2e/support.ts';
import {
  chromiumAvailable,
  expectAccessible,
  browserSession,
  screenshot,
  signedIn,
  visitor,
  type Person,
} from '../support/browser.ts';

let runtime: { url: string };
let drive: ApprovalDriver;
let browser: Browser;
const people: Person[] = [];
let applicationId = '';
/** The agency officer's standard-land application for Huadu. */
let huaduApplicationId = '';
const projectName = '长春新能源汽车零部件产业园项目';
/** A real PDF (pdf-lib), uploaded at filing and downloaded back. */
let sitePlan: Buffer;
/** The first permit's certificate as downloaded by the enterprise, and its number. */
let certificate: { number: string; sha256: string } | undefined;

async function realPdf(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 760, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  // Fixed dates: the same bytes every run.
  pdf.setCreationDate(new Date('2025-03-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2025-03-01T00:00:00Z'));
  return Buffer.from(await pdf.save());
}

/** Clicks what starts a download and answers the saved file's bytes and suggested name. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await click();
  const file = await download;
  // The browser is shared over a connection (browser-setup.ts): its files are copied here, not read in place.
  const saved = join(mkdtempSync(join(tmpdir(), 'portal-download-')), 'file');
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), bytes: await readFile(saved) };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A page settles on its own time: poll what a person would look at for up to 15 s. */
const eventually = <T>(look: () => Promise<T> | T) => expect.poll(look, { timeout: 15_000, interval: 100 });

const at = (instant: string) => drive.api.setClock(beijing(instant));

async function as(userId: string, options: Parameters<typeof signedIn>[3] = {}): Promise<Person> {
  const person = await signedIn(browser, runtime.url, userId, options);
  people.push(person);
  return person;
}

async function done(person: Person): Promise<void> {
  // Nothing the person saw tripped the CSP or threw.
  expect(person.problems).toEqual([]);
  await person.context.close();
}

if (!chromiumAvailable)
  console.warn('portal browser tests skipped: /usr/bin/chromium is missing (.ci/run installs it)');

describe.skipIf(!chromiumAvailable).sequential('the portal', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ({ runtime, drive, browser } = await browserSession());
  }, 180_000);

  // A failed step leaves a picture of what the person saw.
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

  it('serves the portal at / with hashed, cacheable assets and a strict CSP, leaving the API its paths', async () => {
    // Act
    const index = await fetch(`${runtime.url}/`);
    const html = await index.text();
    const script = /src="(\/assets\/app-[^"]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${runtime.url}${script}`);
    const api = await fetch(`${runtime.url}/applications`);

    // Assess
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).not.toMatch(/<script>|<style|style=/);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(api.status).toBe(401);
    expect((await fetch(`${runtime.url}/assets/missing.js`)).status).toBe(404);
  });

  it('signs in from a list of demo users, and shows the 401 and 404 pages', async () => {
    // Prepare
    const context = await browser.newContext({ baseURL: runtime.url, locale: 'zh-CN' });
    const page = await context.newPage();

    // Act / Assess: the sign-in screen
    await page.goto('/');
    await eventually(() => page.getByRole('radio').count()).toBeGreaterThan(5);
    await expectAccessible(page);
    await screenshot(page, 'zh-sign-in');

    // A screen asked for without a session, and a session the API no longer accepts
    await page.goto('/#/inbox');
    await eventually(() => page.getByRole('heading', { name: '登录已失效' }).isVisible()).toBe(true);
    await page.evaluate(
      `sessionStorage.setItem('ow.session', JSON.stringify({ token: 'expired', principal: { userId: 'x', roles: ['department-officer'] } }))`,
    );
    await page.reload();
    await eventually(() => page.getByRole('heading', { name: '登录已失效' }).isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-401');

    // A screen that does not exist
    await page.goto('/#/no-such-screen');
    await eventually(() => page.getByRole('heading', { name: '页面不存在' }).isVisible()).toBe(true);
    await context.close();
  });

  it('lets an enterprise file an application in guided steps, with the API’s field errors beside the field', async () => {
    // Prepare
    await at('2025-03-03T09:00:00');
    const { page, ...rest } = await as(actors.changchun);
    const person = { page, ...rest };
    await eventually(() => page.getByText('还没有申请').isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-enterprise-applications-empty');

    // Act: project, land (with an area the API refuses), permits, documents, submit
    await page.getByRole('link', { name: '新建申请' }).first().click();
    await page.getByLabel('项目名称').fill(projectName);
    await page.getByLabel('总投资（元）').fill('80000000');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('地块编号').fill('CC-2025-031');
    await page.getByLabel('用地面积（亩）').fill('-5');
    await page.getByLabel('地块位置').fill('长春经济技术开发区 一般工业用地');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('checkbox', { name: '建设工程规划许可证' }).uncheck();
    await page.getByRole('button', { name: '下一步' }).click();
    sitePlan = await realPdf('Site plan CC-2025-031');
    await page.getByLabel('材料类型').selectOption('site-plan');
    await page.getByLabel('选择文件').setInputFiles([
      { name: '总平面图.pdf', mimeType: 'application/pdf', buffer: sitePlan },
      // A type the documents API refuses: its note appears beside this file once the upload is tried.
      { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') },
    ]);
    await eventually(() => page.getByText('总平面图.pdf').first().isVisible()).toBe(true);
    await eventually(() => page.getByText('待上传').count()).toBe(2);
    await expectAccessible(page);
    await screenshot(page, 'zh-enterprise-filing-documents');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '提交' }).click();

    // Assess: back on the land step, the area field carries the API's message
    const area = page.getByLabel('用地面积（亩）');
    await eventually(() => area.getAttribute('aria-invalid')).toBe('true');
    await eventually(() => page.locator('#areaMu-error').textContent()).toMatch(/\S/);
    await screenshot(page, 'zh-enterprise-filing-field-error');

    // Act: fix it and submit again; the confirmation is held back a moment so the bars can be looked at
    await area.fill('50');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '下一步' }).click();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/versions/*/confirm', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: '提交' }).click();

    // Assess: the PDF's bytes went to storage (its bar full, being checked); the text file's refusal sits
    // beside it, in the portal's words
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('上传材料');
    const pdfBar = page.getByRole('progressbar', { name: /总平面图\.pdf/ });
    await eventually(() => pdfBar.getAttribute('value')).toBe('1');
    await eventually(() => page.getByText('核验中').isVisible()).toBe(true);
    const txtBar = page.getByRole('progressbar', { name: /说明\.txt/ });
    await eventually(() => txtBar.getAttribute('aria-describedby')).toMatch(/error$/);
    await eventually(() => page.getByRole('alert').filter({ hasText: '不支持此文件类型' }).isVisible()).toBe(
      true,
    );
    await expectAccessible(page);
    await screenshot(page, 'zh-enterprise-filing-uploads');
    release();
    await eventually(() => page.getByText('已上传并核验').isVisible()).toBe(true);
    await eventually(() => page.getByText('有文件未能上传').isVisible()).toBe(true);

    // Act: drop the refused file and go on
    await page.getByRole('button', { name: '删除 说明.txt' }).click();
    await page.getByRole('button', { name: '重试上传' }).click();

    // Assess
    await page.waitForURL(/#\/applications\/(?!new$)[^/]+$/);
    applicationId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(projectName);
    await eventually(() => page.getByText('待受理').first().isVisible()).toBe(true);

    // The uploaded PDF is listed with its version and downloads back byte for byte; the refused file is
    // listed as declared but not uploaded
    const documents = page.getByRole('region', { name: '申请材料' });
    await eventually(() => documents.getByText('第 1 版').isVisible()).toBe(true);
    await eventually(() => documents.locator('li', { hasText: '说明.txt' }).textContent()).toContain(
      '已申报，未上传',
    );
    const back = await downloaded(page, () =>
      documents.getByRole('button', { name: '下载 总平面图.pdf' }).click(),
    );
    expect(back.name).toBe('总平面图.pdf');
    expect(back.bytes.equals(sitePlan)).toBe(true);
    await expectAccessible(page);
    await done(person);
  });

  it('lets the clerk find it in the intake queue and request supplements with the complete list', async () => {
    // Prepare
    await drive.api.settled();
    await at('2025-03-03T14:00:00');
    const person = await as(actors.clerk);
    const { page } = person;

    // Act
    await eventually(() => page.getByRole('link', { name: projectName }).isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-clerk-intake-queue');
    await page.getByRole('link', { name: projectName }).click();
    // The enterprise's documents beside the decision form, each downloadable by the clerk
    const documents = page.getByRole('region', { name: '申请材料' });
    const plan = await downloaded(page, () =>
      documents.getByRole('button', { name: '下载 总平面图.pdf' }).click(),
    );
    expect(plan.bytes.equals(sitePlan)).toBe(true);
    await page.getByRole('radio', { name: '一次性告知补正' }).check();
    await page.getByLabel('需补正的全部内容（每行一项）').fill('营业执照副本（加盖公章）\n项目备案证明');
    await expectAccessible(page);
    await screenshot(page, 'zh-clerk-intake-decision');
    await page.getByRole('button', { name: '提交决定' }).click();

    // Assess
    await eventually(() => page.getByText('已提交决定').isVisible()).toBe(true);
    await done(person);
  });

  it('shows the enterprise the 一次性告知 checklist with the clock paused, and takes the answer', async () => {
    // Prepare
    await drive.api.settled();
    await at('2025-03-05T10:00:00');
    const person = await as(actors.changchun);
    const { page } = person;
    await page.goto(`/#/applications/${applicationId}`);

    // Act
    await eventually(() => page.getByText('营业执照副本（加盖公章）').isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-enterprise-supplement-checklist');
    await page.getByRole('button', { name: '提交补正' }).click();
    await eventually(() => page.getByText('请逐项确认所有补正内容').isVisible()).toBe(true);
    await page.getByRole('checkbox', { name: '营业执照副本（加盖公章）' }).check();
    await page.getByRole('checkbox', { name: '项目备案证明' }).check();
    await page.getByLabel('材料类型').selectOption('business-licence');
    await page.getByLabel('选择文件').setInputFiles([
      { name: '营业执照副本.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 licence') },
      { name: '项目备案证明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 filing') },
    ]);
    await eventually(() => page.getByText('项目备案证明.pdf').first().isVisible()).toBe(true);
    await page.getByRole('button', { name: '提交补正' }).click();

    // Assess
    await eventually(() => page.getByRole('button', { name: '提交补正' }).count()).toBe(0);
    await done(person);
  });

  it('lets the clerk accept, and every department approve from its inbox by due time', async () => {
    // Prepare
    await drive.api.settled();
    await at('2025-03-06T09:30:00');
    const clerk = await as(actors.clerk);
    await clerk.page.goto(`/#/applications/${applicationId}`);
    await clerk.page.getByRole('radio', { name: '受理', exact: true }).check();
    await clerk.page.getByRole('button', { name: '提交决定' }).click();
    await eventually(() => clerk.page.getByText('已提交决定').isVisible()).toBe(true);
    await done(clerk);
    await drive.api.settled();

    // Act: each department on its own day; housing first asks for one more document (补正, clock paused),
    // which the enterprise answers the next day.
    const review = async (officer: string, permit: string, instant: string, supplement?: string) => {
      await at(instant);
      const person = await as(officer);
      const { page } = person;
      const row = page.getByRole('row').filter({ hasText: projectName });
      await eventually(() => row.isVisible()).toBe(true);
      await eventually(() => row.textContent()).toMatch(/剩余 \d+(\.\d)? 个工作日/);
      if (officer === actors.housing && !supplement) {
        await expectAccessible(page);
        await screenshot(page, 'zh-officer-inbox');
      }
      await row.getByRole('link', { name: projectName }).click();
      await eventually(() => page.getByRole('heading', { name: new RegExp(permit) }).isVisible()).toBe(true);
      if (supplement) {
        await page.getByRole('radio', { name: '一次性告知补正' }).check();
        await page.getByLabel('需补正的全部内容（每行一项）').fill(supplement);
        await expectAccessible(page);
        await screenshot(page, 'zh-officer-decision');
      }
      await page.getByRole('button', { name: '提交决定' }).click();
      await eventually(() => page.getByRole('button', { name: '提交决定' }).count()).toBe(0);
      await done(person);
      await drive.api.settled();
    };
    await review(actors.naturalResources, '建设用地规划许可证', '2025-03-07T10:00:00');
    await review(actors.housing, '建筑工程施工许可证', '2025-03-10T10:00:00', '施工图审查合格书');

    await at('2025-03-11T10:00:00');
    const enterprise = await as(actors.changchun);
    await enterprise.page.goto(`/#/applications/${applicationId}`);
    await eventually(() => enterprise.page.getByText('计时已暂停（等待企业补正）').isVisible()).toBe(true);
    await screenshot(enterprise.page, 'zh-enterprise-review-supplement');
    await enterprise.page.getByRole('checkbox', { name: '施工图审查合格书' }).check();
    await enterprise.page.getByLabel('材料类型').selectOption('drawing-review');
    await enterprise.page.getByLabel('选择文件').setInputFiles([
      {
        name: '施工图审查合格书.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.7 drawings'),
      },
    ]);
    await eventually(() => enterprise.page.getByText('施工图审查合格书.pdf').first().isVisible()).toBe(true);
    await enterprise.page.getByRole('button', { name: '提交补正' }).click();
    await eventually(() => enterprise.page.getByRole('button', { name: '提交补正' }).count()).toBe(0);
    await done(enterprise);
    await drive.api.settled();

    await review(actors.housing, '建筑工程施工许可证', '2025-03-12T10:00:00');
    await review(actors.realEstate, '不动产权证书', '2025-03-12T11:00:00');
  });

  it('shows the enterprise its issued permits and the working days used, in Chinese and in English', async () => {
    // Prepare
    await at('2025-03-12T15:00:00');
    const person = await as(actors.changchun);
    const { page } = person;
    await page.goto(`/#/applications/${applicationId}`);

    // Assess
    await eventually(() => page.getByText('已发证').first().isVisible()).toBe(true);
    const permits = page.getByRole('region', { name: '证照' });
    await eventually(() => permits.getByText('建筑工程施工许可证').isVisible()).toBe(true);
    await eventually(() => permits.getByText(/证号/).count()).toBe(3);
    await eventually(() => permits.textContent()).toMatch(/实际用时: \d+(\.\d)? 个工作日 \/ 15 个工作日/);
    await eventually(() =>
      page
        .getByText(/补正 · \d+(\.\d)? 个工作日/)
        .first()
        .isVisible(),
    ).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-enterprise-issued');

    // Act: download the first certificate (电子证照)
    const number = (await permits.locator('code').first().textContent())!.trim();
    const pdf = await downloaded(page, () =>
      permits
        .getByRole('button', { name: /下载电子证照/ })
        .first()
        .click(),
    );

    // Assess: a PDF named by its number
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.name).toContain(number);
    certificate = { number, sha256: sha256(pdf.bytes) };

    // Act: the English toggle
    await page.getByRole('button', { name: '切换语言' }).click();

    // Assess
    await eventually(() => page.getByText('Permits issued').first().isVisible()).toBe(true);
    const permitsEn = page.getByRole('region', { name: 'Permits' });
    await eventually(() => permitsEn.textContent()).toMatch(/Working days used: \d+(\.\d)? working days/);
    await expectAccessible(page);
    await screenshot(page, 'en-enterprise-issued');
    await done(person);

    // And at phone width
    const phone = await as(actors.changchun, { phone: true });
    await phone.page.goto(`/#/applications/${applicationId}`);
    await eventually(() => phone.page.getByText('已发证').first().isVisible()).toBe(true);
    const overflow = await phone.page.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone.page);
    await screenshot(phone.page, 'zh-phone-enterprise-issued');
    await done(phone);
  });

  it('lets anyone verify a certificate without signing in, and check the PDF they hold', async () => {
    // Prepare: a fresh browser context, nobody signed in
    expect(certificate).toBeDefined();
    const { number, sha256: fingerprint } = certificate!;
    const context = await browser.newContext({ baseURL: runtime.url, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    // Act
    await page.goto(`/#/verify/${encodeURIComponent(number)}`);

    // Assess: valid, the permit, the fingerprint of the downloaded PDF
    await eventually(() => page.getByRole('heading', { name: /核验结果/ }).textContent()).toMatch(/有效/);
    await eventually(() => page.locator('code.fingerprint').textContent()).toBe(fingerprint);
    await expectAccessible(page);
    await screenshot(page, 'zh-public-verify-valid');

    // Act: check a file that is not the certificate
    await page
      .getByLabel('核对持有的 PDF 文件')
      .setInputFiles([{ name: 'copy.pdf', mimeType: 'application/pdf', buffer: sitePlan }]);
    await eventually(() => page.getByText(/不是平台签发的原件/).isVisible()).toBe(true);

    // Act / Assess: a number never issued
    await page.getByLabel('证号').fill('NO-SUCH-CERT-1');
    await page.getByRole('button', { name: '查询' }).click();
    await eventually(() => page.getByRole('heading', { name: /核验结果/ }).textContent()).toMatch(/查无此证/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the enterprise its notifications with the unread count, marks one read and opens the application', async () => {
    // Prepare: every event so far delivered to the notification service
    const drained = await drive.api.request('POST', '/local/outbox/drain', {});
    expect(drained.status).toBe(200);
    const person = await as(actors.changchun);
    const { page } = person;
    const bell = page.getByRole('link', { name: /^通知，\d+ 条未读$/ });
    await eventually(() => bell.isVisible()).toBe(true);
    const unreadBefore = Number(/(\d+)/.exec((await bell.getAttribute('aria-label'))!)![1]);

    // Act
    await bell.click();

    // Assess: the permits-issued notice among them, unread
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('通知');
    const issued = page.getByRole('listitem').filter({ hasText: `证照已同发：${projectName}` });
    await eventually(() => issued.getByText('未读').isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-enterprise-notifications');

    // Act: mark it read
    await issued.getByRole('button', { name: /标为已读/ }).click();

    // Assess: no longer unread, one fewer in the header
    await eventually(() => issued.getByText('未读').count()).toBe(0);
    await eventually(async () =>
      Number(/(\d+)/.exec((await page.locator('a.bell').getAttribute('aria-label')) ?? '0')?.[1] ?? 0),
    ).toBe(unreadBefore - 1);

    // Act: open the application from it
    await issued.getByRole('link', { name: /查看申请/ }).click();

    // Assess
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(projectName);
    await done(person);
  });
  // --- The public face (办事指南 · 公示 · 政务公开): an anonymous visitor, no sign-in ---------------------------
  it('lets an anonymous visitor read the construction permit’s service guide and the published on-time rates', async () => {
    // Prepare
    const person = await visitor(browser, runtime.url);
    people.push(person);
    const { page } = person;

    // Act
    await page.goto('/#/guides');
    await page.getByRole('link', { name: '建筑工程施工许可证' }).click();

    // Assess: the guide is the catalogue in force (materials, 容缺, limits, department, fee, legal basis).
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(
      '建筑工程施工许可证 办事指南',
    );
    const materials = page.getByRole('table', { name: '申请材料' });
    await eventually(() => materials.getByRole('row').count()).toBe(6);
    expect(await materials.getByRole('row', { name: /施工图审查合格书/ }).textContent()).toContain('否是');
    const text = await page.locator('main').textContent();
    expect(text).toContain('住房和城乡建设');
    expect(text).toContain('15 个工作日（自受理之日起）');
    expect(text).toContain('9 个工作日（自取得土地之日起）');
    expect(text).toContain('《中华人民共和国建筑法》');
    expect(text).toContain('不收费');
    expect(text).toContain('告知承诺');
    await expectAccessible(page);
    await screenshot(page, 'zh-public-guide-construction');

    // Act: the published figures (政务公开) of the month the case was decided in.
    await page.goto('/#/performance?month=2025-03');

    // Assess: the housing department's reviews closed, with their on-time rate.
    const housing = page.getByRole('row', { name: /住房和城乡建设/ }).first();
    await eventually(() => housing.textContent()).toMatch(/一般项目\d+\d+\d+(\.\d)?%/);
    await expectAccessible(page);
    await screenshot(page, 'zh-public-performance');
    await done(person);
  });
  // --- end of the public face ---------------------------------------------------------------------------

  // --- the filing wizard's materials checklist (材料清单), from the guides of the permits selected ----------
  it('shows an enterprise filing the materials checklist of the permits it selected, from their guides', async () => {
    // Prepare: the construction permit's guide as the public route serves it (the catalogue in force)
    const response = await fetch(`${runtime.url}/public/guides/construction`);
    expect(response.status).toBe(200);
    const guide = (await response.json()) as {
      materials: { kind: string; name?: string; mandatory: boolean; tolerable: boolean }[];
    };
    const mandatory = guide.materials.filter((material) => material.mandatory);
    expect(mandatory.length).toBeGreaterThan(0);
    const landUse = (await (await fetch(`${runtime.url}/public/guides/land-use-planning`)).json()) as {
      materials: { kind: string }[];
    };
    const kinds = new Set([...guide.materials, ...landUse.materials].map((material) => material.kind));
    const person = await as(actors.changchun);
    const { page } = person;

    // Act: a new application for the construction permit and the land-use planning permit only, up to the
    // documents step (nothing is submitted)
    await page.getByRole('link', { name: '新建申请' }).first().click();
    await page.getByLabel('项目名称').fill('长春材料清单演示项目');
    await page.getByLabel('总投资（元）').fill('30000000');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('地块编号').fill('CC-2025-032');
    await page.getByLabel('用地面积（亩）').fill('20');
    await page.getByLabel('地块位置').fill('长春经济技术开发区 一般工业用地');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('checkbox', { name: '建设工程规划许可证' }).uncheck();
    await page.getByRole('checkbox', { name: '不动产权证书' }).uncheck();
    await page.getByRole('button', { name: '下一步' }).click();

    // Assess: every mandatory material of the construction permit's guide, named for it, marked 必交, not chosen
    const checklist = page.getByRole('table', { name: '材料清单' });
    // One row per kind over both guides (a material both permits need is listed once), under the header row
    await eventually(() => checklist.getByRole('row').count()).toBe(kinds.size + 1);
    for (const material of mandatory) {
      const row = checklist.getByRole('row', { name: new RegExp(material.name ?? material.kind) });
      const text = await row.textContent();
      expect(text).toContain('建筑工程施工许可证');
      expect(text).toContain('必交');
      // Not tolerable for the construction permit: not tolerable in the merged list either.
      if (!material.tolerable) expect(text).not.toContain('可容缺');
      expect(text).toContain('尚未选择');
    }
    // The kinds offered are the checklist's: the engineering planning permit's design scheme is not among them.
    const offered = await page
      .getByLabel('材料类型')
      .locator('option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('value')));
    for (const material of guide.materials) expect(offered).toContain(material.kind);
    expect(offered).toContain('other');
    expect(offered).not.toContain('design-scheme');

    // Act: choose a file of the first mandatory kind
    const [first] = mandatory;
    await page.getByLabel('材料类型').selectOption(first!.kind);
    await page
      .getByLabel('选择文件')
      .setInputFiles([
        { name: 'licence.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 licence') },
      ]);

    // Assess: its row is ticked
    const row = checklist.getByRole('row', { name: new RegExp(first!.name ?? first!.kind) });
    await eventually(() => row.textContent()).toContain('✓ 已选 1 份');
    await expectAccessible(page);
    await screenshot(page, 'zh-filing-checklist');

    // Act: a permit whose guide cannot be read now (the public routes' rate limit answers 429)
    await page.route('**/public/guides/**', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'TOO_MANY_REQUESTS', message: 'rate limited' }),
      }),
    );
    await page.getByRole('button', { name: '上一步' }).click();
    await page.getByRole('checkbox', { name: '建设工程规划许可证' }).check();
    await page.getByRole('button', { name: '下一步' }).click();

    // Assess: a notice, the portal's own list of kinds, and the file already chosen kept
    await eventually(() => page.getByText('暂时无法读取办事指南').isVisible()).toBe(true);
    await eventually(() => page.getByLabel('材料类型').locator('option[value="design-scheme"]').count()).toBe(
      1,
    );
    expect(await page.getByRole('listitem').filter({ hasText: 'licence.pdf' }).count()).toBe(1);
    await done(person);
  });

  it('lets the agency officer switch enterprises and file a standard-land application with its commitment', async () => {
    const person = await as(actors.agent);
    const { page } = person;
    await eventually(() => page.getByRole('link', { name: projectName }).isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-agency-applications');
    await page.getByLabel('代办企业').selectOption('ent-huadu-new-materials');
    await eventually(() => page.getByText('还没有申请').isVisible()).toBe(true);

    // Act: file a standard-land application for Huadu with its commitment (标准地 + 承诺制, 全程代办)
    await page.getByRole('link', { name: '新建申请' }).first().click();
    await page.getByLabel('项目名称').fill('花都新材料标准地项目');
    await page.getByLabel('总投资（元）').fill('240000000');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('radio', { name: /标准地/ }).check();
    await page.getByLabel('地块编号').fill('HD-2025-07');
    await page.getByLabel('用地面积（亩）').fill('60');
    await page.getByLabel('地块位置').fill('广州市花都区 工业用地 标准地 7 号地块');
    await page.getByLabel('土地取得日').fill('2025-03-10');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('亩均投资（元/亩）').fill('4000000');
    await page.getByLabel('亩均产值（元/亩）').fill('7000000');
    await page.getByLabel('亩均税收（元/亩）').fill('350000');
    // The parcel controls emissions, not energy (its register entry): the API names any control left out.
    await page.getByLabel('化学需氧量排放（吨/年）').fill('2');
    await expectAccessible(page);
    await page.getByRole('button', { name: '提交' }).click();

    // Assess: filed for Huadu, commitment signed, the 9-day clock running from land acquisition
    await page.waitForURL(/#\/applications\/(?!new$)[^/]+$/);
    huaduApplicationId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    await eventually(() => page.getByText('已签署承诺书').isVisible()).toBe(true);
    await eventually(() => page.locator('.subtitle').textContent()).toContain('ent-huadu-new-materials');
    await eventually(() => page.locator('.countdown').textContent()).toMatch(/剩余 \d+(\.\d)? 个工作日/);
    await eventually(() => page.getByRole('cell', { name: '窗口受理' }).first().isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-agency-standard-land-filed');
    await done(person);
  });

  it('lets the clerk accept with a tolerated gap (容缺) and the agency officer close it by uploading the document', async () => {
    // Prepare: the clerk accepts the Huadu application, the environmental report to follow
    await drive.api.settled();
    const clerk = await as(actors.clerk);
    await clerk.page.goto(`/#/applications/${huaduApplicationId}`);
    await clerk.page.getByRole('radio', { name: '容缺受理' }).check();
    await clerk.page.locator('#gap-0-kind').selectOption('environmental-report');
    await clerk.page.getByLabel('补齐期限').fill('2025-03-21');
    await clerk.page.getByRole('button', { name: '提交决定' }).click();
    await eventually(() => clerk.page.getByText('已提交决定').isVisible()).toBe(true);
    await done(clerk);
    await drive.api.settled();

    // The permit reviewed by its department (the others go by commitment): the permits are ready, the gap open
    const officer = await as(actors.realEstate);
    await officer.page.goto(`/#/applications/${huaduApplicationId}`);
    await officer.page.getByRole('button', { name: '提交决定' }).click();
    await eventually(() => officer.page.getByRole('button', { name: '提交决定' }).count()).toBe(0);
    await done(officer);
    await drive.api.settled();

    // Act: the agency officer uploads the report in the gap form
    const person = await as(actors.agent);
    const { page } = person;
    await page.goto(`/#/applications/${huaduApplicationId}`);
    const form = page.getByRole('form', { name: '补齐容缺材料' });
    await eventually(() => form.isVisible()).toBe(true);
    const report = await realPdf('Environmental impact report HD-2025-07');
    await form
      .getByLabel('选择文件')
      .setInputFiles([{ name: '环境影响评价文件.pdf', mimeType: 'application/pdf', buffer: report }]);
    await eventually(() => form.getByText('待上传').isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-agency-gap-closure');
    await form.getByRole('button', { name: '提交补齐材料' }).click();

    // Assess: once the workflow has gone on, the gap is closed, the permits issued, and the report is among the
    // documents, downloadable
    await eventually(() => page.getByRole('button', { name: '提交补齐材料' }).count()).toBe(0);
    await drive.api.settled();
    await page.reload();
    // (issued on commitment: the verification 承诺核查 follows)
    await eventually(() => page.getByText('承诺核查中').first().isVisible()).toBe(true);
    await eventually(() => page.getByRole('region', { name: '证照' }).getByText(/证号/).count()).toBe(4);
    const documents = page.getByRole('region', { name: '申请材料' });
    await eventually(() => documents.textContent()).toContain('已补齐');
    const back = await downloaded(page, () =>
      documents.getByRole('button', { name: '下载 环境影响评价文件.pdf' }).click(),
    );
    expect(back.bytes.equals(report)).toBe(true);
    await done(person);
  });

  it('lets the administrator find the case on the SLA board and drill down per department', async () => {
    // Prepare
    const person = await as(actors.admin);
    const { page } = person;

    // Assess: the board's chart and table name every department that closed steps
    const figure = page.locator('figure.chart svg');
    await eventually(() => figure.getAttribute('aria-label')).toMatch(/住房和城乡建设 100\.0%/);
    for (const department of ['一窗受理', '自然资源和规划', '住房和城乡建设', '不动产登记']) {
      await expect
        .poll(() => page.getByRole('rowheader', { name: new RegExp(department) }).isVisible())
        .toBe(true);
    }
    await expectAccessible(page);
    await screenshot(page, 'zh-admin-sla-board');

    // Act: drill down, then find the case
    await page.getByRole('link', { name: /住房和城乡建设/ }).click();
    await expect
      .poll(() => page.getByRole('rowheader', { name: '建筑工程施工许可证' }).isVisible())
      .toBe(true);
    await screenshot(page, 'zh-admin-sla-board-housing');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 CSV' }).first().click();
    expect((await download).suggestedFilename()).toBe('steps.csv');
    await page.getByLabel('查找申请').fill(applicationId);
    await page.getByRole('button', { name: '查找' }).click();

    // Assess
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(projectName);
    await eventually(() => page.getByText(/实际用时/).isVisible()).toBe(true);
    await done(person);
  });

  it('shows calendar validation errors inline', async () => {
    const person = await as(actors.admin);
    const { page } = person;
    await page.getByRole('link', { name: '工作日历' }).click();
    await eventually(() => page.getByRole('rowheader', { name: '2025' }).isVisible()).toBe(true);
    await page.getByLabel('日期').fill('2025-02-30');
    await page.getByRole('button', { name: '保存' }).click();
    await eventually(() => page.getByLabel('日期').getAttribute('aria-invalid')).toBe('true');
    await eventually(() => page.locator('#rest-date-error').textContent()).toMatch(/\S/);
    await expectAccessible(page);
    await screenshot(page, 'zh-admin-calendar');
    await done(person);
  });

  it("gives a department officer the 403 page for another department's inbox", async () => {
    const person = await as(actors.housing);
    const { page } = person;
    await page.goto('/#/inbox/natural-resources');
    await eventually(() => page.getByRole('heading', { name: '无权访问' }).isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'zh-officer-403');
    await done(person);
  });
});
