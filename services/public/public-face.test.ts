// Must-show of issue 18 (public notices): over applications generated with fast-check and driven through the
// workflow core's real write paths on DynamoDB Local (refused at intake or review, left in review, issued,
// verified, revoked after a failed commitment verification), the public notices (公示) are exactly the data they
// come from — every issued permit once with its fields, every revocation, nothing of an application that issued
// nothing — and no private value of any application (its id, documents, users, agency officer, commitment
// signer, contacts) appears in the serialized body of ANY public route (guides, published performance, notices).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WorkingCalendar } from '#shared/calendar/index';
import { departmentNameOf, permitCatalog, type Application, type DefaultPermitType } from '#shared/model';
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';
import { closeApplication } from '#services/workflow/core/close-application';
import { issuePermits } from '#services/workflow/core/issue-permits';
import { createHandler as publishedPerformanceHandler } from '#services/reports/handlers/get-published-performance';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { apiEvent, invoke, type ApiResult } from '#test/support/http';
import { anApplication, aStandardLandApplication, at, Scenario } from '#test/support/workflow';
import { createHandler as getGuideHandler } from './handlers/get-guide.ts';
import { createHandler as listGuidesHandler } from './handlers/list-guides.ts';
import { createHandler as listNoticesHandler } from './handlers/list-notices.ts';
import type { NoticeView } from './core/notices.ts';

type Outcome = 'intake-refused' | 'review-refused' | 'in-review' | 'issued' | 'verified' | 'revoked';

interface Spec {
  track: 'regular' | 'standard-land';
  outcome: Outcome;
  permits: DefaultPermitType[];
  /** A unified social credit code (统一社会信用代码) as the enterprise's id: what a notice names. */
  enterpriseId: string;
  projectName: string;
  location: string;
  withAgent: boolean;
}

const permitArb = fc.uniqueArray(fc.constantFrom(...(Object.keys(permitCatalog) as DefaultPermitType[])), {
  minLength: 1,
  maxLength: 5,
});
const specArb: fc.Arbitrary<Spec> = fc.record({
  track: fc.constantFrom('regular', 'standard-land'),
  outcome: fc.constantFrom('intake-refused', 'review-refused', 'in-review', 'issued', 'verified', 'revoked'),
  permits: permitArb,
  enterpriseId: fc.stringMatching(/^91[0-9]{6}MA[0-9A-HJ-NP-RTUWXY]{8}$/),
  projectName: fc
    .tuple(
      fc.constantFrom('年产', '新建', '扩建', 'Ｎｅｗ'),
      fc.integer({ min: 1, max: 500 }),
      fc.constantFrom('万吨新材料项目', '万套汽车零部件项目', 'k units plant'),
    )
    .map(([a, n, b]) => `${a}${n}${b}`),
  location: fc.constantFrom('长春经开区 兴隆路 88 号', '花都区 汽车城', '临港 新片区 3 号地块'),
  withAgent: fc.boolean(),
});

const count = 30;
let table: TestTable;
let calendar: WorkingCalendar;
let runtime: Scenario['runtime'];
const applications: Application[] = [];
/** Values no public answer may hold: ids, users, documents of every generated application. */
const privateValues = new Set<string>();

async function drive(index: number, spec: Spec): Promise<Application> {
  const scenario = new Scenario(table, new Date(at('2025-03-03T09:00:00').getTime() + index * 3_600_000));
  calendar = scenario.deps.calendar;
  runtime = scenario.runtime;
  const applicationId = `pub-app-${index}-${spec.enterpriseId.slice(-4)}`;
  const overrides: Partial<Application> = {
    applicationId,
    enterpriseId: spec.enterpriseId,
    projectName: spec.projectName,
    landParcel: { parcelId: `CC-${index}`, areaMu: 50, location: spec.location },
    requiredPermits: spec.permits,
    documents: [
      {
        documentId: `doc-secret-${index}`,
        kind: 'site-plan',
        name: `保密 总平面图 ${index}.pdf`,
        sizeBytes: 1024,
        sha256: 'a'.repeat(64),
      },
    ],
    ...(spec.withAgent ? { agencyOfficerId: `agent-secret-${index}` } : {}),
  };
  const application =
    spec.track === 'standard-land'
      ? aStandardLandApplication({
          ...overrides,
          commitment: {
            signedAt: at('2025-03-03T09:00:00').toISOString(),
            signedBy: `signer-secret-${index}`,
            indicators: { 'investment-per-mu-yuan': 3_000_000 },
          },
        })
      : anApplication(overrides);
  for (const value of [applicationId, `doc-secret-${index}`, `保密 总平面图 ${index}.pdf`, 'officer-1']) {
    privateValues.add(value);
  }
  if (spec.withAgent) privateValues.add(`agent-secret-${index}`);
  if (spec.track === 'standard-land') privateValues.add(`signer-secret-${index}`);
  await scenario.submit(application);

  if (spec.outcome === 'intake-refused') {
    await scenario.open(applicationId, 'intake');
    scenario.clock.advance(60);
    await scenario.decide(applicationId, 'intake-1', 'refused');
    await closeApplication(scenario.deps, { applicationId, outcome: 'refused' });
    return scenario.deps.repository.getApplication(applicationId);
  }
  await scenario.acceptAndOpenReviews(application);
  const reviews = (await scenario.deps.repository.getApplicationWithSteps(applicationId)).steps.filter(
    (step) => step.kind === 'review' && step.status === 'open',
  );
  if (spec.outcome === 'in-review') return scenario.deps.repository.getApplication(applicationId);
  if (spec.outcome === 'review-refused' && reviews.length > 0) {
    scenario.clock.advance(60);
    await scenario.decide(applicationId, reviews[0]!.stepId, 'refused');
    await closeApplication(scenario.deps, { applicationId, outcome: 'refused' });
    return scenario.deps.repository.getApplication(applicationId);
  }
  for (const review of reviews) {
    scenario.clock.advance(60);
    await scenario.decide(applicationId, review.stepId, 'approved');
  }
  scenario.clock.advance(60);
  const issuance = await issuePermits(scenario.deps, { applicationId });
  if (issuance.outcome === 'issued' && issuance.needsVerification && spec.outcome !== 'issued') {
    scenario.clock.set(new Date(scenario.clock.now().getTime() + 20 * 86_400_000));
    await scenario.open(applicationId, 'verification', { department: issuance.verificationDepartment! });
    scenario.clock.advance(60);
    const passed = spec.outcome === 'verified';
    await scenario.decide(applicationId, 'verification-1', passed ? 'verified' : 'verification-failed');
    scenario.clock.advance(1);
    await closeApplication(scenario.deps, { applicationId, outcome: passed ? 'verified' : 'revoked' });
  }
  return scenario.deps.repository.getApplication(applicationId);
}

const anonymous = (path: string, query?: Record<string, string>) =>
  apiEvent({ method: 'GET', path, ...(query ? { queryStringParameters: query } : {}) });

/** Every page of the notices for a query, following the cursor; the responses too (their bodies are checked). */
async function allNotices(
  query: Record<string, string> = {},
): Promise<{ notices: NoticeView[]; responses: ApiResult[] }> {
  const handler = listNoticesHandler(runtime);
  const notices: NoticeView[] = [];
  const responses: ApiResult[] = [];
  let cursor: string | undefined;
  do {
    const response = await invoke(
      handler,
      anonymous('/public/notices', { ...query, limit: '7', ...(cursor ? { cursor } : {}) }),
    );
    expect(response.statusCode, response.rawBody).toBe(200);
    responses.push(response);
    notices.push(...(response.body.items as NoticeView[]));
    cursor = response.body.cursor as string | undefined;
  } while (cursor);
  return { notices, responses };
}

/** The notices the applications imply, built from the stored permits and the default catalogue. */
function expectedNotices(): NoticeView[] {
  return applications.flatMap((application) =>
    (application.permits ?? []).flatMap((permit) => {
      const catalogued = permitCatalog[permit.permitType as DefaultPermitType];
      const base = {
        certificateNo: permit.certificateNo,
        permitType: permit.permitType,
        permitName: catalogued.name,
        department: catalogued.department,
        departmentName: departmentNameOf(catalogued.department),
        projectName: application.projectName,
        enterprise: application.enterpriseId,
        location: application.landParcel.location,
        verifyPath: `/verify/${encodeURIComponent(permit.certificateNo)}`,
      };
      return [
        { ...base, kind: 'issued' as const, date: calendar.localDate(new Date(permit.issuedAt)) },
        ...(permit.revokedAt
          ? [{ ...base, kind: 'revoked' as const, date: calendar.localDate(new Date(permit.revokedAt)) }]
          : []),
      ];
    }),
  );
}

const byKey = (a: NoticeView, b: NoticeView) =>
  `${a.certificateNo}#${a.kind}`.localeCompare(`${b.certificateNo}#${b.kind}`);

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  const specs = fc.sample(specArb, { numRuns: count, seed: 18 });
  // Each outcome at least once, whatever the sample drew.
  const outcomes: Outcome[] = [
    'intake-refused',
    'review-refused',
    'in-review',
    'issued',
    'verified',
    'revoked',
  ];
  outcomes.forEach((outcome, i) => {
    specs[i] = { ...specs[i]!, outcome, ...(outcome === 'revoked' ? { track: 'standard-land' } : {}) };
  });
  for (const [index, spec] of specs.entries()) applications.push(await drive(index, spec));
}, 120_000);
afterAll(() => table?.drop());

describe('the public notices (公示) over generated applications', () => {
  it('cover what a register meets: refused, pending, issued, verified and revoked applications', () => {
    const statuses = new Set(applications.map((a) => a.status));
    for (const status of ['refused', 'in-review', 'issued', 'verified', 'revoked']) {
      expect(statuses, status).toContain(status);
    }
  });

  it('list every issued permit once and every revocation, with exactly the published fields, newest first', async () => {
    // Act
    const { notices } = await allNotices();

    // Assess
    const expected = expectedNotices();
    expect(expected.some((n) => n.kind === 'revoked')).toBe(true);
    expect([...notices].sort(byKey)).toEqual([...expected].sort(byKey));
    const dates = notices.map((n) => n.date);
    expect(dates).toEqual([...dates].sort().reverse());
    // Nothing of an application that issued nothing.
    const issuing = new Set(applications.filter((a) => a.issuedAt).map((a) => a.projectName));
    for (const notice of notices) expect(issuing).toContain(notice.projectName);
  });

  it('find a permit by part of its number, a project by part of its name, and narrow to a department or kind', async () => {
    // Prepare
    const expected = expectedNotices();
    const target = expected.find((n) => n.kind === 'revoked')!;

    // Act
    const byNumber = await allNotices({ q: target.certificateNo.slice(-8).toLowerCase() });
    const byProject = await allNotices({ q: target.projectName.slice(0, 4) });
    const byDepartment = await allNotices({ department: target.department });
    const revoked = await allNotices({ kind: 'revoked' });

    // Assess
    expect(byNumber.notices.map((n) => n.certificateNo)).toContain(target.certificateNo);
    expect(byNumber.notices.every((n) => n.certificateNo.endsWith(target.certificateNo.slice(-8)))).toBe(
      true,
    );
    expect(byProject.notices.length).toBeGreaterThan(0);
    const fold = (s: string) => s.normalize('NFKC').toLowerCase();
    expect(
      byProject.notices.every((n) => fold(n.projectName).includes(fold(target.projectName.slice(0, 4)))),
    ).toBe(true);
    expect([...byDepartment.notices].sort(byKey)).toEqual(
      expected.filter((n) => n.department === target.department).sort(byKey),
    );
    expect([...revoked.notices].sort(byKey)).toEqual(
      expected.filter((n) => n.kind === 'revoked').sort(byKey),
    );
  });

  it('refuses a cursor of another query, and a bad filter with 400 and the field', async () => {
    // Prepare
    const first = await invoke(listNoticesHandler(runtime), anonymous('/public/notices', { limit: '1' }));
    const cursor = first.body.cursor as string;

    // Act
    const replayed = await invoke(
      listNoticesHandler(runtime),
      anonymous('/public/notices', { limit: '1', kind: 'revoked', cursor }),
    );
    const bad = await invoke(listNoticesHandler(runtime), anonymous('/public/notices', { kind: 'all' }));

    // Assess
    expect(first.headers['cache-control']).toBe('public, max-age=300, s-maxage=300');
    expect(replayed.statusCode).toBe(400);
    expect(replayed.body.error.code).toBe('INVALID_CURSOR');
    expect(bad.statusCode).toBe(400);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ path: 'query.kind' })]);
  });

  it('put no private value of any application in the body of any public route', async () => {
    // Prepare: every public answer over the generated data
    const notices = await allNotices();
    const searched = await allNotices({ q: 'pub-app' });
    const guides = [
      await invoke(listGuidesHandler(runtime), anonymous('/public/guides')),
      ...(await Promise.all(
        DEFAULT_SERVICE_CONFIG.permits.map((permit) =>
          invoke(getGuideHandler(runtime), {
            ...anonymous(`/public/guides/${permit.permitType}`),
            pathParameters: { permitType: permit.permitType },
          }),
        ),
      )),
    ];
    const performance = await Promise.all(
      ['2025-03', '2025-04'].map((month) =>
        invoke(publishedPerformanceHandler(runtime), anonymous('/public/performance', { month })),
      ),
    );
    const bodies = [...notices.responses, ...searched.responses, ...guides, ...performance];

    // Assess
    expect(searched.notices).toEqual([]); // the application ids are not searchable either
    expect(performance.some((r) => (r.body.rows as unknown[]).length > 0)).toBe(true);
    for (const response of bodies) {
      expect(response.statusCode, response.rawBody).toBe(200);
      for (const value of privateValues) expect(response.rawBody, value).not.toContain(value);
    }
    // The notices' and figures' fields: none of an application's private ones, whatever their values.
    const privateKeys =
      /"(applicationId|documents?|documentId|phone|email|contact|userId|agencyOfficerId|commitment|signedBy|investmentYuan|enterpriseId|actor|decidedBy|taskToken|executionArn)"/;
    for (const response of [...notices.responses, ...performance]) {
      expect(response.rawBody).not.toMatch(privateKeys);
    }
    for (const notice of notices.notices) {
      expect(Object.keys(notice).sort()).toEqual(
        [
          'certificateNo',
          'kind',
          'date',
          'permitType',
          'permitName',
          'department',
          'departmentName',
          'projectName',
          'enterprise',
          'location',
          'verifyPath',
        ].sort(),
      );
    }
  });
});
