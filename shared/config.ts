// What the workflow reads of the service centre's configuration: time limits, step budgets, the permit
// catalogue (departments, which permits may be issued on the enterprise's commitment 告知承诺, required documents),
// who verifies commitments, which departments the SLA sweeper walks. Administrators change it as data
// (shared/service-config, /admin/service-config); this is the workflow's reading of one version of it, and the
// defaults a region starts with (revision 0).
import {
  DEFAULT_EXCLUSION_LIMITS,
  type ClockThresholds,
  type ExclusionReason,
  type StepBudgets,
} from '#shared/sla/index';
import { defaultDepartments, type DepartmentId, type PermitType, type Track } from '#shared/model';
import {
  DEFAULT_SERVICE_CONFIG,
  type CatalogueEntry,
  type ServiceConfig,
  type ServiceWindow,
} from '#shared/service-config/config';

/** 告知承诺: the permits a standard-land application with a signed commitment gets without a full review. */
export const COMMITMENT_ELIGIBLE_PERMITS: readonly PermitType[] = Object.freeze(
  DEFAULT_SERVICE_CONFIG.permits.filter((p) => p.byCommitment).map((p) => p.permitType),
);

export interface WorkflowConfig {
  /** The configuration version this is (0: the built-in defaults). Stamped on an application at acceptance. */
  revision: number;
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
  /** The permit catalogue, in its order (names, documents, review budgets, certificate prefixes). */
  permits: readonly CatalogueEntry[];
  /**
   * The department that verifies the commitment. Absent: the department of the first permit (in catalogue
   * order) issued on commitment.
   */
  verificationDepartment?: DepartmentId;
  /** 办理窗口: where enterprises are received, as the service guides print it; absent: not published. */
  serviceWindow?: ServiceWindow;
  /** The departments whose open steps the SLA sweeper reads. */
  departments: readonly DepartmentId[];
  /**
   * 预警 thresholds where no track applies (problem tickets) and for a step read without its application's track:
   * the regular track's. The clock's defaults when absent.
   */
  thresholds?: Partial<ClockThresholds>;
  /** 预警 thresholds per track (an application's steps and clock); `thresholds` when absent. */
  thresholdsByTrack?: Readonly<Record<Track, Partial<ClockThresholds>>>;
  /** Art. 45: the legal maximum of each kind of excluded time in working days; DEFAULT_EXCLUSION_LIMITS' when absent. */
  exclusionLimits?: Partial<Record<ExclusionReason, number>>;
}

/** The configured maximum of a kind of excluded time, in working days. */
export function exclusionLimitOf(
  config: Pick<WorkflowConfig, 'exclusionLimits'>,
  kind: ExclusionReason,
): number {
  return config.exclusionLimits?.[kind] ?? DEFAULT_EXCLUSION_LIMITS[kind];
}

/** The workflow's reading of a stored configuration version. */
export function toWorkflowConfig(config: ServiceConfig, revision: number): WorkflowConfig {
  const permitDepartments: Record<string, DepartmentId> = {};
  for (const permit of config.permits) permitDepartments[permit.permitType] = permit.department;
  // The default departments stay: the sweeper must keep reading a department whose permit left the catalogue
  // while its steps are still open.
  const departments = [
    ...new Set<DepartmentId>([
      ...defaultDepartments.map((d) => d.departmentId),
      ...config.permits.map((p) => p.department),
      ...(config.verificationDepartment ? [config.verificationDepartment] : []),
    ]),
  ];
  const byTrack =
    'regular' in config.thresholds
      ? config.thresholds
      : { regular: config.thresholds, 'standard-land': config.thresholds };
  return {
    revision,
    limits: config.limits,
    stepBudgets: config.stepBudgets,
    commitmentPermits: config.permits.filter((p) => p.byCommitment).map((p) => p.permitType),
    permitDepartments,
    permits: config.permits,
    departments,
    thresholds: byTrack.regular,
    thresholdsByTrack: byTrack,
    ...(config.verificationDepartment ? { verificationDepartment: config.verificationDepartment } : {}),
    ...(config.serviceWindow ? { serviceWindow: config.serviceWindow } : {}),
  };
}

export const DEFAULT_WORKFLOW_CONFIG: Readonly<WorkflowConfig> = Object.freeze(
  toWorkflowConfig(DEFAULT_SERVICE_CONFIG, 0),
);

/** The defaults with a region's overrides (tests, benchmarks); nested budgets merge per track. */
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
    // One set given: it holds for both tracks.
    thresholdsByTrack:
      overrides.thresholdsByTrack ??
      (overrides.thresholds
        ? { regular: overrides.thresholds, 'standard-land': overrides.thresholds }
        : base.thresholdsByTrack),
  };
}

/** The 预警 thresholds of a track (undefined: the regular track's, as for tickets). */
export function thresholdsOf(
  config: Pick<WorkflowConfig, 'thresholds' | 'thresholdsByTrack'>,
  track: Track | undefined,
): Partial<ClockThresholds> | undefined {
  return (track && config.thresholdsByTrack?.[track]) ?? config.thresholds;
}

/** A permit's review budget on a track: its own when the catalogue sets one, else the track's. */
export function reviewBudgetOf(
  config: WorkflowConfig,
  track: Track,
  permitType: PermitType | undefined,
): number {
  const own = config.permits.find((p) => p.permitType === permitType)?.reviewBudgetDays?.[track];
  return own ?? config.stepBudgets[track].review;
}
