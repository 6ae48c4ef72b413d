import * as z from 'zod';
// Only these two of zod's locales: `z.locales.*` would bundle all of them (≈ 250 KB).
import { en as zodEn, es as zodEs } from 'zod/locales';
import type { FieldError, Language, Localized } from './problem.ts';
import { problem } from './problem.ts';

const locales = { es: zodEs().localeError, en: zodEn().localeError };

/** The part of the request a schema validates; field pointers start with it (`/path/clientId`). */
export type RequestPart = 'path' | 'query' | 'body';

/** zod issues → field errors with a JSON pointer each (one per unknown key). */
export function fieldErrors(issues: z.core.$ZodIssue[], where: RequestPart | 'payload'): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [where, ...issue.path.map(String)].map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: `/${base}/${key}`, code: 'unknown_field', message: issue.message }));
    }
    // Our own checks (domain/shared/fields.ts) name their reason; the problem mapper words it per language.
    const reason = issue.code === 'custom' ? (issue.params as { reason?: unknown } | undefined)?.reason : undefined;
    return [{ pointer: `/${base}`, code: typeof reason === 'string' ? reason : issue.code, message: issue.message }];
  });
}

const invalidPart: Record<RequestPart, Localized> = {
  path: { es: 'La ruta tiene datos inválidos; revisa errors', en: 'The path has invalid data; see errors' },
  query: { es: 'Los parámetros de consulta tienen datos inválidos; revisa errors', en: 'The query parameters have invalid data; see errors' },
  body: { es: 'El cuerpo tiene datos inválidos; revisa errors', en: 'The body has invalid data; see errors' },
};

/** Parses one part of the request (`path`, `query`, `body`) or throws a 400 with every problem in it. */
export function parsePart<T extends z.ZodType>(schema: T, value: unknown, where: RequestPart, lang: Language): z.infer<T> {
  const result = schema.safeParse(value, { error: locales[lang] as never });
  if (result.success) return result.data;
  throw problem('validation_failed', invalidPart[where], fieldErrors(result.error.issues, where));
}
