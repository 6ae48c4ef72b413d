import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in Lambda bundles only (an esbuild alias in
 * infra/constructs/lambda-bundling.ts). Lambda hands every function its role's credentials in the
 * environment, which is the first place the default chain looks anyway; the rest of that chain (SSO,
 * profiles, IMDS, web identity, with the STS and SSO clients they bring) never runs there and weighs
 * ≈ 130 KB of every bundle. Source runs (local stack, tests, scripts) keep the whole chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
