// cdk-nag's AWS Solutions checks leave no open finding: each one is fixed or acknowledged with a reason.
// (cdk-nag 3 reports through CDK's validation plugins rather than annotations; `cdk synth` fails on a finding.)
import { describe, expect, it } from 'vitest';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthesizeApproval } from '#infra/local/synth';

describe('AwsSolutionsChecks', () => {
  it('finds no unacknowledged error or warning', () => {
    // Prepare
    const { app } = synthesizeApproval();

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    const open = report.violations.map(
      (v) =>
        `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(open).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives a reason for every acknowledgment', () => {
    // Prepare
    const { app } = synthesizeApproval();

    // Act
    const reasons = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));

    // Assess
    expect(reasons.length).toBeGreaterThan(0);
    for (const [id, reason] of reasons) expect(reason.length, id).toBeGreaterThan(20);
  });
});
