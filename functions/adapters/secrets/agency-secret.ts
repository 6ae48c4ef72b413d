import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { RuntimeConfig } from '../../config.ts';

/** The agency integration's platform secret: the version in force and, during a rotation, the one before it. */
export interface AgencySecretVersions {
  current: string;
  previous?: string | undefined;
}

const notFound = (error: unknown) => {
  const cause = (error as { cause?: { name?: string } }).cause;
  return (error as { name?: string }).name === 'ResourceNotFoundException' || cause?.name === 'ResourceNotFoundException';
};

/**
 * Where the secret the tenants' agency webhook keys derive from comes from (decision "The agency's own
 * secret"): its own Secrets Manager secret in AWS (the stateful stack generates it; only the functions
 * granted `agency` read it), a file under `.local/` on one machine. Both stages are read: `AWSCURRENT`
 * and, if a rotation left one, `AWSPREVIOUS` (locally `<file>.previous`). The caller caches the result.
 */
export function agencySecret(config: Pick<RuntimeConfig, 'agencyKeySecretArn' | 'agencyKeyFile'>): () => Promise<AgencySecretVersions> {
  const { agencyKeySecretArn: arn, agencyKeyFile: file } = config;
  if (arn) {
    // A provider of its own: the Powertools cache is keyed by name only, and the two stages share the name.
    const provider = new SecretsProvider();
    const stage = async (VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
      try {
        const value = await provider.get(arn, { forceFetch: true, sdkOptions: { VersionStage } });
        return typeof value === 'string' && value ? value : undefined;
      } catch (error) {
        // No AWSPREVIOUS: never rotated, or the rotation window was closed.
        if (VersionStage === 'AWSPREVIOUS' && notFound(error)) return undefined;
        throw error;
      }
    };
    return async () => {
      const [current, previous] = await Promise.all([stage('AWSCURRENT'), stage('AWSPREVIOUS')]);
      if (!current) throw new Error('the agency secret has no string value');
      return { current, previous };
    };
  }
  if (file) {
    return async () => {
      const current = (await readFile(file, 'utf8')).trim();
      const previousFile = `${file}.previous`;
      const previous = existsSync(previousFile) ? (await readFile(previousFile, 'utf8')).trim() || undefined : undefined;
      return { current, previous };
    };
  }
  return async () => {
    throw new Error('no agency secret: set AGENCY_KEY_SECRET_ARN (AWS) or AGENCY_KEY_FILE (local)');
  };
}
