import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { appliedIf, isConditionalFailure } from '../adapters/dynamodb/conditional.ts';
import { idempotencyRecordEntity } from '../adapters/dynamodb/entities/idempotency-record.entity.ts';
import { prevalidated } from '../adapters/dynamodb/entities/prevalidated.ts';

/** A key answers with the first response for a day after that response. */
export const RECORD_TTL_SECONDS = 24 * 60 * 60;
/** Larger bodies are stored gzipped (JSON lists shrink ~10×). */
const GZIP_ABOVE_BYTES = 8 * 1024;
/** DynamoDB items end at 400 KB; past this a body is not kept (the outcome still is). */
const MAX_STORED_BODY_CHARS = 300 * 1024;
/** Claims contended this many times in a row are answered as in progress. */
const MAX_CLAIM_ROUNDS = 4;

/** What a key is scoped to, besides the tenant: the same key elsewhere is another key. */
export interface IdempotencyScope {
  tenantId: string;
  userId: string;
  method: string;
  /** The full path of the request, parameters filled in. */
  path: string;
  /** The `Idempotency-Key` header value. */
  key: string;
}

/** The response a replay repeats. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
  /** The language the body was written in. */
  lang: string;
  /** The body was too large to keep: only the status is known. */
  omitted?: boolean;
}

/** Proof of holding a claim; only its holder may complete or release it. */
export interface Claim {
  tenantId: string;
  scopeHash: string;
  token: string;
  /** An earlier holder's lease ran out (it crashed or timed out) and this claim replaced it. */
  takeover: boolean;
  /** The first id the request writes with; the same for every holder of the key (see `seededIds`). */
  idSeed: string;
  /** Epoch ms when the claim counts as abandoned. */
  leaseUntil: number;
}

export type ClaimResult =
  | ({ kind: 'claimed' } & Claim)
  | { kind: 'completed'; response: StoredResponse }
  | { kind: 'in_progress'; retryAfterSeconds: number }
  /** The key was used with another request (query or body). */
  | { kind: 'mismatch' };

export type IdempotencyStore = ReturnType<typeof idempotencyStore>;

/** JSON with object keys sorted, so key order and spacing never make "another body". */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const seconds = (ms: number) => Math.floor(ms / 1000);

function encodeBody(body: string | undefined): { responseBody?: string; responseEncoding: 'identity' | 'gzip' | 'omitted' } {
  if (body === undefined || Buffer.byteLength(body) <= GZIP_ABOVE_BYTES)
    return { ...(body !== undefined ? { responseBody: body } : {}), responseEncoding: 'identity' };
  const zipped = gzipSync(body).toString('base64');
  return zipped.length <= MAX_STORED_BODY_CHARS ? { responseBody: zipped, responseEncoding: 'gzip' } : { responseEncoding: 'omitted' };
}

function decodeBody(body: string | undefined, encoding: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  return encoding === 'gzip' ? gunzipSync(Buffer.from(body, 'base64')).toString('utf8') : body;
}

/**
 * Idempotency records on the single table, moved only by conditional writes: a key is claimed by
 * one request at a time (`in_progress` with a lease), and only the claim's holder completes it
 * (storing the response) or releases it (deleting the record). A claim whose lease ran out may be
 * taken over by the next request with the same key and request.
 */
export function idempotencyStore(options: { client: DynamoDBClient; tableName: string; now?: () => number }) {
  const document = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
  const records = prevalidated(() => idempotencyRecordEntity({ client: document, table: options.tableName }));
  const now = options.now ?? Date.now;
  const ownClaim = (claim: Claim) => ({ tenantId: claim.tenantId, scopeHash: claim.scopeHash });

  return {
    /**
     * Claims the key for this request for `leaseMs`, or says why not: the stored response, another
     * request still holding it, or the key used with another request.
     */
    async claim(scope: IdempotencyScope, request: unknown, leaseMs: number): Promise<ClaimResult> {
      const key = { tenantId: scope.tenantId, scopeHash: sha256(canonicalJson([scope.userId, scope.method, scope.path, scope.key])) };
      const requestHash = sha256(canonicalJson(request));
      for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
        const at = now();
        const token = randomUUID();
        const lease = { claimToken: token, claimedAt: at, leaseUntil: at + leaseMs, expiresAt: seconds(at) + RECORD_TTL_SECONDS };
        try {
          // A record past its expiry may still be there (TTL deletes lazily): it counts as none.
          const idSeed = ulid(at);
          await records
            .put({
              ...key,
              userId: scope.userId,
              method: scope.method,
              path: scope.path,
              key: scope.key,
              requestHash,
              status: 'in_progress',
              takeovers: 0,
              idSeed,
              ...lease,
            })
            .where(({ scopeHash, expiresAt }, { notExists, lt }) => `${notExists(scopeHash)} OR ${lt(expiresAt, seconds(at))}`)
            .go();
          return { kind: 'claimed', ...key, token, takeover: false, idSeed, leaseUntil: lease.leaseUntil };
        } catch (error) {
          if (!isConditionalFailure(error)) throw error;
        }

        const { data: existing } = await records.get(key).go({ consistent: true });
        const seen = now();
        if (!existing || existing.expiresAt < seconds(seen)) continue; // released or expired meanwhile
        if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
        if (existing.status === 'completed') {
          const body = decodeBody(existing.responseBody, existing.responseEncoding);
          return {
            kind: 'completed',
            response: {
              statusCode: existing.responseStatus ?? 200,
              headers: (existing.responseHeaders ?? {}) as Record<string, string>,
              ...(body !== undefined ? { body } : {}),
              lang: existing.responseLang ?? 'es',
              ...(existing.responseEncoding === 'omitted' ? { omitted: true } : {}),
            },
          };
        }
        if (existing.leaseUntil > seen) {
          // As long as it has run so far (at least 1 s), never past the end of its lease.
          const ran = Math.ceil((seen - existing.claimedAt) / 1000);
          const left = Math.ceil((existing.leaseUntil - seen) / 1000);
          return { kind: 'in_progress', retryAfterSeconds: Math.max(1, Math.min(ran, left)) };
        }
        try {
          // The holder's lease ran out (it crashed or timed out): this request takes its place, with
          // the same seed, so whatever the holder may have written is what this one writes again.
          const idSeed = existing.idSeed ?? ulid(existing.claimedAt);
          await records
            .patch(key)
            .set({ ...lease, takeovers: existing.takeovers + 1, idSeed })
            .where(({ claimToken, status }, { eq }) => `${eq(claimToken, existing.claimToken)} AND ${eq(status, 'in_progress')}`)
            .go();
          return { kind: 'claimed', ...key, token, takeover: true, idSeed, leaseUntil: lease.leaseUntil };
        } catch (error) {
          if (!isConditionalFailure(error)) throw error;
        }
      }
      return { kind: 'in_progress', retryAfterSeconds: 1 };
    },

    /** Stores the response for replays; false when the claim is no longer this request's. */
    async complete(claim: Claim, response: StoredResponse): Promise<boolean> {
      const at = now();
      return appliedIf(() =>
        records
          .patch(ownClaim(claim))
          .set({
            status: 'completed',
            completedAt: at,
            expiresAt: seconds(at) + RECORD_TTL_SECONDS,
            responseStatus: response.statusCode,
            responseHeaders: response.headers,
            responseLang: response.lang,
            ...encodeBody(response.body),
          })
          .where(({ claimToken, status }, { eq }) => `${eq(claimToken, claim.token)} AND ${eq(status, 'in_progress')}`)
          .go(),
      );
    },

    /**
     * Leaves the claim in progress (its outcome is unknown: a write may have committed) but ends its
     * lease `holdMs` from now, so the next request with the key takes it over and redoes the work
     * with the same ids instead of waiting out the whole lease. False when the claim is no longer
     * this request's.
     */
    async keep(claim: Claim, holdMs: number): Promise<boolean> {
      return appliedIf(() =>
        records
          .patch(ownClaim(claim))
          .set({ leaseUntil: now() + holdMs })
          .where(({ claimToken, status }, { eq }) => `${eq(claimToken, claim.token)} AND ${eq(status, 'in_progress')}`)
          .go(),
      );
    },

    /** Deletes the record so the key can run again; false when the claim is no longer this request's. */
    async release(claim: Claim): Promise<boolean> {
      return appliedIf(() =>
        records
          .delete(ownClaim(claim))
          .where(({ claimToken, status }, { eq }) => `${eq(claimToken, claim.token)} AND ${eq(status, 'in_progress')}`)
          .go(),
      );
    },
  };
}
