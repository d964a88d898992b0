// The service guides are the configuration in force, read once more: a changed catalogue changes the guide.
import { describe, expect, it } from 'vitest';
import { toWorkflowConfig, DEFAULT_WORKFLOW_CONFIG } from '#shared/config';
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';
import { NotFound } from '#shared/errors';
import { guideOf, listGuides } from './guides.ts';

describe('guideOf', () => {
  it("answers the construction permit's materials, legal basis, limits, department, fee and window", () => {
    // Act
    const guide = guideOf(DEFAULT_WORKFLOW_CONFIG, 'construction');

    // Assess
    const entry = DEFAULT_SERVICE_CONFIG.permits.find((p) => p.permitType === 'construction')!;
    expect(guide).toMatchObject({
      permitType: 'construction',
      name: '建筑工程施工许可证',
      department: { departmentId: 'housing-construction', name: '住房和城乡建设' },
      configRevision: 0,
      materials: entry.documents,
      legalBasis: entry.legalBasis,
      fee: '不收费',
      serviceWindow: DEFAULT_SERVICE_CONFIG.serviceWindow,
    });
    expect(guide.tracks).toEqual([
      {
        track: 'regular',
        limitDays: 15,
        clockStartsAt: 'acceptance',
        intakeDays: DEFAULT_SERVICE_CONFIG.stepBudgets.regular.intake,
        reviewDays: DEFAULT_SERVICE_CONFIG.stepBudgets.regular.review,
        issuanceDays: DEFAULT_SERVICE_CONFIG.stepBudgets.regular.issuance,
        byCommitment: false,
      },
      {
        track: 'standard-land',
        limitDays: 9,
        clockStartsAt: 'land-acquisition',
        intakeDays: DEFAULT_SERVICE_CONFIG.stepBudgets['standard-land'].intake,
        reviewDays: DEFAULT_SERVICE_CONFIG.stepBudgets['standard-land'].review,
        issuanceDays: DEFAULT_SERVICE_CONFIG.stepBudgets['standard-land'].issuance,
        byCommitment: true,
        verificationDays: DEFAULT_SERVICE_CONFIG.stepBudgets['standard-land']['commitment-verification'],
      },
    ]);
  });

  it('follows a changed catalogue: a new document, a permit-specific budget, no legal basis stated', () => {
    // Prepare
    const changed = structuredClone(DEFAULT_SERVICE_CONFIG);
    const title = changed.permits.find((p) => p.permitType === 'real-estate-title')!;
    title.documents.push({ kind: 'survey-report', name: '测绘报告', mandatory: true, tolerable: true });
    title.reviewBudgetDays = { regular: 3 };
    delete title.legalBasis;
    delete title.fee;
    delete changed.serviceWindow;

    // Act
    const guide = guideOf(toWorkflowConfig(changed, 7), 'real-estate-title');

    // Assess
    expect(guide.configRevision).toBe(7);
    expect(guide.materials.at(-1)).toEqual({
      kind: 'survey-report',
      name: '测绘报告',
      mandatory: true,
      tolerable: true,
    });
    expect(guide.tracks[0]).toMatchObject({ track: 'regular', reviewDays: 3, byCommitment: false });
    expect(guide.tracks[1]).toMatchObject({ track: 'standard-land', byCommitment: false });
    expect(guide.tracks[1]).not.toHaveProperty('verificationDays');
    expect(guide).toMatchObject({ legalBasis: [], fee: null, serviceWindow: null });
  });

  it('refuses a permit the catalogue does not have with 404', () => {
    expect(() => guideOf(DEFAULT_WORKFLOW_CONFIG, 'fishing-licence')).toThrow(NotFound);
  });
});

describe('listGuides', () => {
  it('lists every permit of the catalogue in its order', () => {
    const list = listGuides(DEFAULT_WORKFLOW_CONFIG);
    expect(list.guides.map((g) => g.permitType)).toEqual(
      DEFAULT_SERVICE_CONFIG.permits.map((p) => p.permitType),
    );
    expect(list.serviceWindow).toEqual(DEFAULT_SERVICE_CONFIG.serviceWindow);
  });
});
