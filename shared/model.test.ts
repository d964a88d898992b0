import { describe, expect, it } from 'vitest';
import {
  applicationIdSchema,
  applicationSchema,
  auditEventSchema,
  decisionSchema,
  defaultDepartments,
  outcomesByStepKind,
  permitCatalog,
  permitTypes,
  stepKinds,
  stepSchema,
  stepViewSchema,
  submitApplicationInputSchema,
  timestampSchema,
  toStepView,
  type Application,
  type Step,
  type SubmitApplicationInput,
} from './model.ts';

const validInput = (): Omit<SubmitApplicationInput, 'commitment'> => ({
  projectName: '年产 5 万吨新材料项目',
  projectType: 'industrial',
  track: 'regular',
  landParcel: { parcelId: 'CC-2024-017', areaMu: 86.5, location: '长春经开区 兴隆路 88 号' },
  investmentYuan: 320_000_000,
  requiredPermits: ['land-use-planning', 'engineering-planning', 'construction'],
  documents: [
    {
      documentId: 'doc-1',
      kind: 'site-plan',
      name: '总平面图.pdf',
      sizeBytes: 1_048_576,
      sha256: 'a'.repeat(64),
    },
  ],
});

const validApplication = (): Application => ({
  ...validInput(),
  applicationId: 'app-1',
  enterpriseId: 'ent-1',
  status: 'submitted',
  receivedAt: '2025-03-03T01:00:00.000Z',
  version: 1,
  createdAt: '2025-03-03T01:00:00.000Z',
  updatedAt: '2025-03-03T01:00:00.000Z',
});

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('submitApplicationInputSchema', () => {
  it('accepts a complete regular-track application', () => {
    // Act
    const result = submitApplicationInputSchema.safeParse(validInput());

    // Assess
    expect(result.success).toBe(true);
  });

  it('rejects unknown keys, at the top and inside nested objects', () => {
    // Prepare
    const top = { ...validInput(), status: 'issued' };
    const nested = { ...validInput(), landParcel: { ...validInput().landParcel, owner: 'x' } };

    // Act & Assess
    expect(submitApplicationInputSchema.safeParse(top).error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(issuePaths(submitApplicationInputSchema.safeParse(nested))).toEqual(['landParcel']);
  });

  it('requires landAcquiredOn on the standard-land track', () => {
    // Prepare
    const withoutDate = { ...validInput(), track: 'standard-land' };
    const withDate = { ...withoutDate, landAcquiredOn: '2025-02-28' };

    // Act
    const missing = submitApplicationInputSchema.safeParse(withoutDate);
    const present = submitApplicationInputSchema.safeParse(withDate);

    // Assess
    expect(issuePaths(missing)).toEqual(['landAcquiredOn']);
    expect(present.success).toBe(true);
  });

  it('rejects an impossible land acquisition date', () => {
    const result = submitApplicationInputSchema.safeParse({
      ...validInput(),
      track: 'standard-land',
      landAcquiredOn: '2025-02-30',
    });
    expect(issuePaths(result)).toEqual(['landAcquiredOn']);
  });

  it('bounds strings and rejects control characters', () => {
    expect(
      issuePaths(submitApplicationInputSchema.safeParse({ ...validInput(), projectName: 'x'.repeat(201) })),
    ).toEqual(['projectName']);
    expect(
      issuePaths(submitApplicationInputSchema.safeParse({ ...validInput(), projectName: '   ' })),
    ).toEqual(['projectName']);
    expect(
      issuePaths(submitApplicationInputSchema.safeParse({ ...validInput(), projectName: 'a\u0000b' })),
    ).toEqual(['projectName']);
  });

  it('trims human text', () => {
    const result = submitApplicationInputSchema.parse({ ...validInput(), projectName: '  新材料项目 ' });
    expect(result.projectName).toBe('新材料项目');
  });

  it('rejects repeated, malformed or missing permit types', () => {
    // Permit types are catalogue data: a well-formed but unknown one ('demolition') passes the schema and is
    // refused against the catalogue in force at submission (422, services/intake/handlers/submit-application.test.ts).
    const parse = (requiredPermits: unknown) =>
      issuePaths(submitApplicationInputSchema.safeParse({ ...validInput(), requiredPermits }));
    expect(parse(['construction', 'construction'])).toEqual(['requiredPermits']);
    expect(parse(['Demolition!'])).toEqual(['requiredPermits.0']);
    expect(parse([])).toEqual(['requiredPermits']);
  });

  it('rejects bad document metadata', () => {
    const document = validInput().documents[0]!;
    const parse = (patch: object) =>
      issuePaths(
        submitApplicationInputSchema.safeParse({ ...validInput(), documents: [{ ...document, ...patch }] }),
      );
    expect(parse({ sha256: 'A'.repeat(64) })).toEqual(['documents.0.sha256']);
    expect(parse({ sizeBytes: 0 })).toEqual(['documents.0.sizeBytes']);
    expect(parse({ documentId: '../etc' })).toEqual(['documents.0.documentId']);
    expect(parse({ kind: 'Site Plan' })).toEqual(['documents.0.kind']);
  });

  it('rejects a negative or fractional investment', () => {
    expect(
      issuePaths(submitApplicationInputSchema.safeParse({ ...validInput(), investmentYuan: -1 })),
    ).toEqual(['investmentYuan']);
    expect(
      issuePaths(submitApplicationInputSchema.safeParse({ ...validInput(), investmentYuan: 1.5 })),
    ).toEqual(['investmentYuan']);
  });

  it('accepts commitment indicators but not a signature from the client', () => {
    const withIndicators = {
      ...validInput(),
      commitment: { indicators: { 'investment-per-mu-yuan': 3_000_000 } },
    };
    const withSignature = {
      ...validInput(),
      commitment: { indicators: {}, signedBy: 'someone-else', signedAt: '2025-03-03T01:00:00.000Z' },
    };
    expect(submitApplicationInputSchema.safeParse(withIndicators).success).toBe(true);
    expect(issuePaths(submitApplicationInputSchema.safeParse(withSignature))).toEqual(['commitment']);
  });
});

describe('applicationSchema', () => {
  it('accepts a stored application', () => {
    expect(applicationSchema.safeParse(validApplication()).success).toBe(true);
  });

  it('requires landAcquiredOn on the standard-land track', () => {
    const result = applicationSchema.safeParse({ ...validApplication(), track: 'standard-land' });
    expect(issuePaths(result)).toEqual(['landAcquiredOn']);
  });

  it('rejects server fields the model does not know', () => {
    expect(applicationSchema.safeParse({ ...validApplication(), pk: 'APP#app-1' }).success).toBe(false);
  });
});

describe('identifiers', () => {
  it('accept letters, digits, dashes and underscores up to 64 characters', () => {
    expect(applicationIdSchema.safeParse('01J8Z6-ab_c').success).toBe(true);
    expect(applicationIdSchema.safeParse('a'.repeat(64)).success).toBe(true);
  });

  it('reject key separators, paths, empties and overlong values', () => {
    for (const bad of ['a#b', '../x', '', 'a'.repeat(65), '-leading', 'with space']) {
      expect(applicationIdSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('timestampSchema', () => {
  it('accepts only the toISOString form, so sort keys order correctly', () => {
    expect(timestampSchema.safeParse(new Date(0).toISOString()).success).toBe(true);
    expect(timestampSchema.safeParse('2025-03-03T01:00:00Z').success).toBe(false);
    expect(timestampSchema.safeParse('2025-03-03T09:00:00.000+08:00').success).toBe(false);
  });
});

describe('decisionSchema', () => {
  const base = { decidedBy: 'clerk-1', decidedAt: '2025-03-03T02:00:00.000Z' };

  it('requires the complete list of missing items with a supplement request', () => {
    expect(issuePaths(decisionSchema.safeParse({ ...base, outcome: 'supplement-requested' }))).toEqual([
      'missingItems',
    ]);
    expect(
      decisionSchema.safeParse({ ...base, outcome: 'supplement-requested', missingItems: ['盖章的总平面图'] })
        .success,
    ).toBe(true);
  });

  it('requires a reason with a refusal', () => {
    expect(issuePaths(decisionSchema.safeParse({ ...base, outcome: 'refused' }))).toEqual(['reason']);
    expect(decisionSchema.safeParse({ ...base, outcome: 'refused', reason: '不符合规划' }).success).toBe(
      true,
    );
  });
});

describe('toStepView', () => {
  it('drops the task token', () => {
    // Prepare
    const step: Step = {
      applicationId: 'app-1',
      stepId: 'intake',
      kind: 'intake',
      department: 'window',
      status: 'open',
      openedAt: '2025-03-03T01:00:00.000Z',
      budgetDays: 1,
      pauses: [],
      taskToken: 'secret-token',
      version: 1,
    };

    // Act
    const view = toStepView(step);

    // Assess
    expect(stepSchema.safeParse(step).success).toBe(true);
    expect(view).not.toHaveProperty('taskToken');
    expect(Object.keys(stepViewSchema.shape)).not.toContain('taskToken');
  });
});

describe('auditEventSchema', () => {
  const event = {
    applicationId: 'app-1',
    eventId: 'evt-1',
    at: '2025-03-03T01:00:00.000Z',
    type: 'application-submitted',
    actor: { userId: 'system', role: 'system' },
    detail: {},
  };

  it('accepts a system actor and a small detail record', () => {
    expect(
      auditEventSchema.safeParse({ ...event, detail: { missingItems: ['a', 'b'], count: 2 } }).success,
    ).toBe(true);
  });

  it('rejects a large detail record', () => {
    const detail = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]));
    expect(issuePaths(auditEventSchema.safeParse({ ...event, detail }))).toEqual(['detail']);
  });

  it('rejects an unknown event type', () => {
    expect(issuePaths(auditEventSchema.safeParse({ ...event, type: 'anything' }))).toEqual(['type']);
  });
});

describe('catalogues', () => {
  it('give every permit type a Chinese name and a default department', () => {
    const departments = defaultDepartments.map((d) => d.departmentId as string);
    for (const permitType of permitTypes) {
      expect(permitCatalog[permitType].name).toMatch(/\p{Script=Han}/u);
      expect(departments).toContain(permitCatalog[permitType].department);
    }
  });

  it('give every step kind at least one outcome', () => {
    for (const kind of stepKinds) expect(outcomesByStepKind[kind].length).toBeGreaterThan(0);
  });
});
