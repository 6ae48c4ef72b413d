import { describe, expect, it } from 'vitest';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { synthStacks } from './app.fixture.ts';

const template = synthStacks('dev').stateless;
const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } });
const logicalIdOf = (description: string) => Object.entries(functions).find(([, f]) => f.Properties.Description === description)![0];

describe('functions that invoke themselves (the planner fan-out)', () => {
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).map((s) => ({ ...s, roles: p.Properties.Roles })),
  );
  const invoking = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));

  it('grants lambda:InvokeFunction to the catalogued functions only, each on its own ARN alone', () => {
    const selfInvokers = functionCatalogue.filter((f) => f.grants.invokeSelf);
    expect(selfInvokers.map((f) => f.name)).toEqual(['collections-planner']);
    expect(invoking).toHaveLength(selfInvokers.length);
    for (const spec of selfInvokers) {
      const id = logicalIdOf(spec.description);
      const role = functions[id]!.Properties.Role['Fn::GetAtt'][0] as string;
      const grant = invoking.find((s) => (s.roles as Array<{ Ref: string }>).some((r) => r.Ref === role));
      expect(grant, spec.name).toBeDefined();
      expect(grant!.Resource).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    }
  });

  it('gives the planner no function-name variable to read (Lambda sets AWS_LAMBDA_FUNCTION_NAME) and retries its async events twice', () => {
    const planner = functionCatalogue.find((f) => f.name === 'collections-planner')!;
    const id = logicalIdOf(planner.description);
    expect(Object.keys(functions[id]!.Properties.Environment.Variables)).not.toContain('AWS_LAMBDA_FUNCTION_NAME');
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).filter((c) => c.Properties.FunctionName.Ref === id);
    expect(configs.map((c) => c.Properties.MaximumRetryAttempts)).toEqual([2]);
  });
});
