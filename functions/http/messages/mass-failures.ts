import { DomainError, type DomainErrorCode } from '../../../domain/shared/errors.ts';
import type { MassResult } from '../../../domain/clients/mass-update.use-case.ts';
import type { Language } from './accept-language.ts';
import { describeError } from '../problem.ts';

/** A client that changed under the update twice in a row: repeating the request is the way out. */
export const changedTwice: Record<Language, string> = {
  es: 'El cliente cambió dos veces mientras se actualizaba; repite la operación (los clientes ya actualizados quedarán sin cambios)',
  en: 'The client changed twice while it was being updated; repeat the operation (clients already updated stay unchanged)',
};

/**
 * A mass result as sent: each failure's message worded in the caller's language from its code and
 * facts (the same wording its own request would get), the facts themselves left out.
 */
export function wordMassResult<R extends Pick<MassResult, 'failures'>>(result: R, lang: Language): R {
  return {
    ...result,
    failures: result.failures.map(({ details, ...failure }) => ({
      ...failure,
      message: details?.reason === 'changed_twice'
        ? changedTwice[lang]
        : describeError(failure.code && failure.code !== 'internal' ? new DomainError(failure.code as DomainErrorCode, failure.message, details) : undefined, lang),
    })),
  };
}
