import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { ReviewedAwsSolutionsChecks, reviewedFindings } from '../../infra/nag-acknowledgements.ts';
import { AwsSolutionsChecks } from 'cdk-nag';

describe('cdk-nag AwsSolutions', () => {
  for (const stage of ['dev', 'prod']) {
    it(`synthesizes the ${stage} app with no unacknowledged finding`, () => {
      const { app } = buildApp({ context: { stage, 'aws:cdk:bundling-stacks': [] } });
      expect(() => app.synth()).not.toThrow();
    });
  }

  it('still reports findings that were not reviewed (the filter is not a blanket)', () => {
    const { app } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, nag: false });
    const raw = new AwsSolutionsChecks().validateScope(app).violations;
    const reviewed = new ReviewedAwsSolutionsChecks().validateScope(app).violations;
    expect(raw.length).toBeGreaterThan(reviewed.length);
    for (const v of raw.filter((r) => !reviewedFindings.some((f) => f.rule.test(r.ruleName)))) {
      expect(reviewed.map((r) => r.ruleName)).toContain(v.ruleName);
    }
  });

  it('gives every reviewed finding a reason', () => {
    for (const finding of reviewedFindings) expect(finding.reason.length).toBeGreaterThan(30);
  });
});
