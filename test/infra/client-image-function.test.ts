import { describe, expect, it } from 'vitest';
import { findFunction } from '../../functions/catalogue.ts';
import { nativeInstallEnvironment } from '../../infra/constructs/lambda-bundling.ts';
import { synthStacks } from './app.fixture.ts';

const { stateless: template } = synthStacks();

/** The S3 resources a function's role may touch, by its construct id prefix. */
function s3ResourcesOf(prefix: string): string[] {
  const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith(prefix));
  return policies.flatMap(([, p]) =>
    (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))
      .flatMap((s) => [s.Resource].flat().map((r) => JSON.stringify(r))),
  );
}

describe('client images in the stateless stack', () => {
  it('triggers client-image on originals only (prefix tenants/, suffix /original), never on the thumbnails it writes', () => {
    const [notification] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const configs = notification!.Properties.NotificationConfiguration.LambdaFunctionConfigurations as Array<{
      Filter: { Key: { FilterRules: Array<{ Name: string; Value: string }> } };
      LambdaFunctionArn: { 'Fn::GetAtt': string[] };
    }>;
    const image = configs.find((c) => c.LambdaFunctionArn['Fn::GetAtt'][0]!.startsWith('ClientImageFunction'));
    expect(image?.Filter.Key.FilterRules).toEqual(
      expect.arrayContaining([
        { Name: 'prefix', Value: 'tenants/' },
        { Name: 'suffix', Value: '/original' },
      ]),
    );
    // No other notification overlaps the prefix (S3 refuses overlapping configurations).
    const prefixes = configs.map((c) => c.Filter.Key.FilterRules.find((r) => r.Name === 'prefix')?.Value);
    expect(prefixes.filter((p) => p?.startsWith('tenants/') || 'tenants/'.startsWith(p ?? ''))).toEqual(['tenants/']);
  });

  it('lets both image functions reach only the tenants/ prefix of the bucket', () => {
    for (const prefix of ['ClientImagesApi', 'ClientImageFunction']) {
      const resources = s3ResourcesOf(prefix);
      // Objects only under tenants/ (the bucket itself appears for CDK's List grant, which reads no object).
      const objects = resources.filter((r) => r.includes('/'));
      expect(objects.length, prefix).toBeGreaterThan(0);
      for (const resource of objects) expect(resource, prefix).toContain('/tenants/*');
    }
  });

  it('installs sharp for the Lambda platform, not the deploying machine', () => {
    expect(findFunction('client-image').nativeModules).toEqual(['sharp']);
    expect(findFunction('client-images-api').nativeModules).toBeUndefined();
    expect(nativeInstallEnvironment('arm64')).toEqual({ npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' });
  });
});
