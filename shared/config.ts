// What a region may configure about the workflow: time limits, step budgets, which permits may be issued on
// the enterprise's commitment (告知承诺), when the commitment verification falls due, and which departments
// the SLA sweeper walks. Defaults follow the domain rules; an administrator's settings override them.
import {
  DEFAULT_LIMITS,
  DEFAULT_STEP_BUDGETS,
  type ClockThresholds,
  type StepBudgets,
} from '#shared/sla/index';
import {
  defaultDepartments,
  permitCatalog,
  type DepartmentId,
  type PermitType,
  type Track,
} from '#shared/model';

/** 告知承诺: the permits a standard-land application with a signed commitment gets without a full review. */
export const COMMITMENT_ELIGIBLE_PERMITS: readonly PermitType[] = Object.freeze([
  'land-use-planning',
  'engineering-planning',
  'construction',
]);

export interface WorkflowConfig {
  /** Whole-application limits in working days (15 regular, 9 standard land). */
  limits: Readonly<Record<Track, number>>;
  /**
   * Step budgets in working days, per track. `commitment-verification` is also when 承诺核查 falls due: the end
   * of that many working days after issuance.
   */
  stepBudgets: Readonly<Record<Track, Readonly<StepBudgets>>>;
  /** Permits eligible for 告知承诺 on the standard-land track. */
  commitmentPermits: readonly PermitType[];
  /** The department that issues (and reviews) each permit type. */
  permitDepartments: Readonly<Record<PermitType, DepartmentId>>;
  /**
   * The department that verifies the commitment. Absent: the department of the first permit (in catalogue
   * order) issued on commitment.
   */
  verificationDepartment?: DepartmentId;
  /** The departments whose open steps the SLA sweeper reads. */
  departments: readonly DepartmentId[];
  /** 预警 thresholds; the clock's defaults when absent. */
  thresholds?: Partial<ClockThresholds>;
}

export const DEFAULT_WORKFLOW_CONFIG: Readonly<WorkflowConfig> = Object.freeze({
  limits: DEFAULT_LIMITS,
  stepBudgets: DEFAULT_STEP_BUDGETS,
  commitmentPermits: COMMITMENT_ELIGIBLE_PERMITS,
  permitDepartments: Object.freeze(
    Object.fromEntries(Object.entries(permitCatalog).map(([type, entry]) => [type, entry.department])),
  ) as Record<PermitType, DepartmentId>,
  departments: defaultDepartments.map((d) => d.departmentId),
});

/** The defaults with a region's overrides; nested budgets merge per track. */
export function workflowConfig(overrides: Partial<WorkflowConfig> = {}): WorkflowConfig {
  const base = DEFAULT_WORKFLOW_CONFIG;
  return {
    ...base,
    ...overrides,
    limits: { ...base.limits, ...overrides.limits },
    stepBudgets: {
      regular: { ...base.stepBudgets.regular, ...overrides.stepBudgets?.regular },
      'standard-land': { ...base.stepBudgets['standard-land'], ...overrides.stepBudgets?.['standard-land'] },
    },
    permitDepartments: { ...base.permitDepartments, ...overrides.permitDepartments },
  };
}
