import { z } from 'zod';
import type { FieldError, Language } from './problem.ts';
import { problem } from './problem.ts';

const locales = { es: z.locales.es().localeError, en: z.locales.en().localeError };

/** zod issues → field errors with a JSON pointer each (one per unknown key). */
export function fieldErrors(issues: z.core.$ZodIssue[], where: string): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [where, ...issue.path.map(String)].map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: `/${base}/${key}`, code: 'unknown_field', message: issue.message }));
    }
    return [{ pointer: `/${base}`, code: issue.code, message: issue.message }];
  });
}

/** Parses one part of the request (`params`, `query`, `body`) or throws a 400 with every problem in it. */
export function parsePart<T extends z.ZodType>(schema: T, value: unknown, where: 'params' | 'query' | 'body', lang: Language): z.infer<T> {
  const result = schema.safeParse(value, { error: locales[lang] as never });
  if (result.success) return result.data;
  throw problem('validation_failed', `invalid ${where}`, fieldErrors(result.error.issues, where));
}
