// Drives applications through the local runtime's HTTP API in the domain's words, for the demo script and the
// end-to-end tests: file, decide the intake, decide a department's step, answer a supplement, verify. Each
// action waits until the workflow has caught up (GET /local/settled), so the next one sees the step it opened.
import { createHash } from 'node:crypto';
import { LocalApiClient } from './api-client.ts';

/** The demo users (infra/local/seed.ts) by role. */
export const actors = {
  changchun: 'enterprise.changchun',
  huadu: 'enterprise.huadu',
  clerk: 'clerk.window',
  naturalResources: 'officer.natural-resources',
  housing: 'officer.housing-construction',
  realEstate: 'officer.real-estate-registration',
  agent: 'agent.major-projects',
  admin: 'admin.service-centre',
} as const;

/** Which demo officer decides a department's steps. */
export const officerOf: Record<string, string> = {
  'natural-resources': actors.naturalResources,
  'housing-construction': actors.housing,
  'real-estate-registration': actors.realEstate,
};

export interface StepView {
  stepId: string;
  kind: string;
  department: string;
  permitType?: string;
  status: 'open' | 'closed' | 'cancelled';
  openedAt: string;
  budgetDays?: number;
  decision?: { outcome: string };
}

export interface ClockView {
  budgetDays: number;
  usedDays: number;
  pausedDays: number;
  status: string;
  paused: boolean;
  pausedIntervals: { from: string; to?: string; reasons: string[]; workingDays: number }[];
}

export interface ApplicationDetail {
  application: {
    applicationId: string;
    status: string;
    track: string;
    projectName: string;
    /** The service configuration version it was accepted under. */
    configRevision?: number;
    toleratedGaps?: { documentKind: string; dueOn: string; closedAt?: string }[];
    permits?: { permitType: string; certificateNo: string; basis: string; revokedAt?: string }[];
    sla?: {
      limitWorkingDays: number;
      workingDaysUsed?: number;
      pausedWorkingDays?: number;
      onTime?: boolean;
      status?: string;
    };
  };
  steps: StepView[];
  timeline: { eventId: string; type: string; at: string; stepId?: string; detail: Record<string, unknown> }[];
  deadlines: { application: ClockView | null; steps: { stepId: string; clock: ClockView }[] };
}

export interface FileOptions {
  as?: string;
  projectName: string;
  track?: 'regular' | 'standard-land';
  requiredPermits?: string[];
  landAcquiredOn?: string;
  parcel?: { parcelId: string; areaMu: number; location: string };
  commitment?: Record<string, number>;
  /** For an agency officer filing for an enterprise. */
  enterpriseId?: string;
  investmentYuan?: number;
}

/** A document's metadata as the API takes it (the file itself lives elsewhere). */
export function documentMeta(kind: string, name: string): Record<string, unknown> {
  const sha256 = createHash('sha256').update(`${kind}:${name}`).digest('hex');
  return { documentId: `doc-${sha256.slice(0, 12)}`, kind, name, sizeBytes: 48_213, sha256 };
}

export class ApprovalDriver {
  constructor(readonly api: LocalApiClient) {}

  static at(baseUrl: string): ApprovalDriver {
    return new ApprovalDriver(new LocalApiClient(baseUrl));
  }

  async file(options: FileOptions): Promise<string> {
    const track = options.track ?? 'regular';
    const body = {
      projectName: options.projectName,
      projectType: 'industrial-plant',
      track,
      landParcel: options.parcel ?? { parcelId: 'GEN-001', areaMu: 50, location: '工业园区 一般工业用地' },
      ...(options.landAcquiredOn ? { landAcquiredOn: options.landAcquiredOn } : {}),
      investmentYuan: options.investmentYuan ?? 80_000_000,
      requiredPermits: options.requiredPermits ?? ['land-use-planning', 'construction', 'real-estate-title'],
      documents: [
        documentMeta('site-plan', '总平面图.pdf'),
        documentMeta('business-licence', '营业执照.pdf'),
      ],
      ...(options.commitment ? { commitment: { indicators: options.commitment } } : {}),
      ...(options.enterpriseId ? { enterpriseId: options.enterpriseId } : {}),
    };
    const created = await this.api.ok<{ applicationId: string }>(
      options.as ?? actors.changchun,
      'POST',
      '/applications',
      body,
      { 'idempotency-key': `${options.projectName}-${track}`.replace(/[^\x21-\x7e]+/g, '-') },
    );
    await this.api.settled();
    return created.applicationId;
  }

  async decideIntake(applicationId: string, decision: Record<string, unknown>): Promise<void> {
    await this.api.ok(actors.clerk, 'POST', `/applications/${applicationId}/intake-decision`, decision);
    await this.api.settled();
  }

  /** Decides the open review of `permitType` as its department's officer. */
  async decideReview(
    applicationId: string,
    permitType: string,
    decision: Record<string, unknown>,
  ): Promise<void> {
    const step = await this.openStep(applicationId, 'review', permitType);
    await this.api.ok(
      officerOf[step.department],
      'POST',
      `/applications/${applicationId}/steps/${step.stepId}/decision`,
      decision,
    );
    await this.api.settled();
  }

  /** The enterprise answers (补正), or closes tolerated gaps (容缺) with `closesGaps`. */
  async supplement(applicationId: string, body: Record<string, unknown>, as: string = actors.changchun) {
    await this.api.ok(as, 'POST', `/applications/${applicationId}/supplement`, body);
    await this.api.settled();
  }

  async decideVerification(applicationId: string, decision: Record<string, unknown>): Promise<void> {
    const step = await this.openStep(applicationId, 'verification');
    await this.api.ok(
      officerOf[step.department],
      'POST',
      `/applications/${applicationId}/verification-decision`,
      decision,
    );
    await this.api.settled();
  }

  async detail(applicationId: string): Promise<ApplicationDetail> {
    return this.api.ok<ApplicationDetail>(actors.admin, 'GET', `/applications/${applicationId}`);
  }

  async openStep(applicationId: string, kind: string, permitType?: string): Promise<StepView> {
    const { steps } = await this.detail(applicationId);
    const step = steps.find(
      (s) =>
        s.status === 'open' && s.kind === kind && (permitType === undefined || s.permitType === permitType),
    );
    if (!step) {
      const open = steps.filter((s) => s.status === 'open').map((s) => s.stepId);
      throw new Error(
        `${applicationId} has no open ${kind} step${permitType ? ` for ${permitType}` : ''}: ${open}`,
      );
    }
    return step;
  }
}
