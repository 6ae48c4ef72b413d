import type { z } from 'zod';
import type { Language } from './messages/accept-language.ts';
import type { FieldError } from './problem.ts';
import { problem } from './problem.ts';

/** The part of the request a schema validates; field pointers start with it (`/path/clientId`). */
export type RequestPart = 'path' | 'query' | 'body';

/** What a value is, as "must be text, not a number" needs it; `missing` for an absent field. */
function received(input: unknown): string {
  if (input === undefined) return 'missing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
}

/** The regular expression a format check used, as its source text (zod keeps the RegExp or its string). */
const patternSource = (pattern: unknown) =>
  pattern instanceof RegExp ? pattern.source : typeof pattern === 'string' ? pattern.replace(/^\/(.*)\/[a-z]*$/, '$1') : undefined;

/** An enum or literal refused in every branch of a union (`accessLevel: 7`): the values it takes. */
function unionValues(issue: z.core.$ZodIssueInvalidUnion): unknown[] | undefined {
  const branches = issue.errors ?? [];
  if (!branches.length || !branches.every((b) => b.length === 1 && b[0]!.code === 'invalid_value' && b[0]!.path.length === 0)) return undefined;
  return branches.flatMap((b) => (b[0] as z.core.$ZodIssueInvalidValue).values);
}

/** A union branch that refused the value only for its type (`taxId: {…}` where a string also fits). */
const refusedForType = (branch: z.core.$ZodIssue[]) => branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;

/**
 * The issues of the one union branch the value's type fits (a tax id given as an object is checked as
 * one: `/taxId/value` keeps its own reason), their paths made absolute; none when several fit or none do.
 */
function fittingBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const fitting = (issue.errors ?? []).filter((branch) => !refusedForType(branch));
  if (fitting.length !== 1) return undefined;
  return fitting[0]!.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as z.core.$ZodIssue);
}

/**
 * zod issues → field errors: a JSON pointer each (one per unknown key), zod's issue code or the reason
 * our own checks name, and the parameters our wording needs (functions/http/messages/). zod's own
 * messages are not used: the problem mapper words every code in the request's language.
 */
export function fieldErrors(issues: z.core.$ZodIssue[], where: RequestPart | 'payload'): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    const base = [where, ...issue.path.map(String)].map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const pointer = `/${base}`;
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ pointer: `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, code: 'unknown_field', message: '' }));
      case 'invalid_type':
        return [{ pointer, code: issue.code, message: '', params: { expected: issue.expected, received: received(issue.input) } }];
      case 'too_small':
        return [
          {
            pointer,
            code: issue.code,
            message: '',
            params: { origin: issue.origin, minimum: Number(issue.minimum), inclusive: issue.inclusive, exact: issue.exact },
          },
        ];
      case 'too_big':
        return [
          {
            pointer,
            code: issue.code,
            message: '',
            params: { origin: issue.origin, maximum: Number(issue.maximum), inclusive: issue.inclusive, exact: issue.exact },
          },
        ];
      case 'invalid_format':
        return [{ pointer, code: issue.code, message: '', params: { format: issue.format, pattern: patternSource((issue as { pattern?: unknown }).pattern) } }];
      case 'invalid_value':
        return [{ pointer, code: issue.code, message: '', params: { values: issue.values, received: received(issue.input) } }];
      case 'invalid_union': {
        const branch = fittingBranch(issue);
        if (branch) return fieldErrors(branch, where);
        const values = unionValues(issue);
        return [{ pointer, code: issue.code, message: '', params: { ...(values ? { values } : {}), received: received(issue.input) } }];
      }
      case 'not_multiple_of':
        return [{ pointer, code: issue.code, message: '', params: { divisor: Number(issue.divisor) } }];
      case 'custom': {
        // Our own checks name their reason (and what the wording needs) in `params`.
        const params = (issue.params ?? {}) as Record<string, unknown>;
        const code = typeof params.reason === 'string' ? params.reason : typeof params.code === 'string' ? params.code : 'custom';
        return [{ pointer, code, message: '', params }];
      }
      default:
        return [{ pointer, code: issue.code, message: '' }];
    }
  });
}

/**
 * Parses one part of the request (`path`, `query`, `body`) or throws a 400 with every problem in it.
 * `reportInput` keeps each issue's input so a missing field reads "missing", not "wrong type"; the
 * input itself is never sent back.
 */
export function parsePart<T extends z.ZodType>(schema: T, value: unknown, where: RequestPart, _lang?: Language): z.infer<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw problem('validation_failed', `invalid ${where}`, fieldErrors(result.error.issues, where));
}
