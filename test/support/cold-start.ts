import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { contextOf } from './http.ts';

/**
 * A fresh copy of a handler module, as a new Lambda cold start configured with `env` would load it
 * (handlers read their configuration at import). The test's own environment is restored after.
 */
export async function coldStart<T>(load: () => Promise<T>, env: Record<string, string>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  vi.resetModules();
  try {
    return await load();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A Lambda context of the catalogued function with only `remainingMs` left (a short deadline). */
export function contextWithRemaining(functionName: string, remainingMs: number): Context {
  const deadline = Date.now() + remainingMs;
  return { ...contextOf(functionName), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
}

/** The work's result, or a failure when it has none within `ms` (old code waited for minutes). */
export function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
