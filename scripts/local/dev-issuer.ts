import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

/**
 * The local stand-in for Cognito: signs ES256 tokens with the same claims, and verifies them the
 * way the HTTP API JWT authorizer does (signature, issuer, audience, expiry). Its key is kept under
 * `.local/` so tokens survive restarts.
 */
export const DEV_ISSUER = 'urn:cobranza:local-dev-issuer';
export const DEV_AUDIENCE = 'cobranza-local';

export interface DevIssuer {
  sign(claims: Record<string, string>, expiresIn?: string): Promise<string>;
  /** Returns the verified claims, or throws. */
  verify(token: string): Promise<JWTPayload>;
}

export async function createDevIssuer(keyFile?: string): Promise<DevIssuer> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(privateKey);
    if (keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, 'ES256');
  const publicKey = await importJWK(publicJwk, 'ES256');
  return {
    async sign(claims, expiresIn = '12h') {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['ES256'] });
      return payload;
    },
  };
}
