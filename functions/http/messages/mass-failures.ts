import { DomainError, type DomainErrorCode } from '../../../domain/shared/errors.ts';
import type { MassResult } from '../../../domain/clients/mass-update.use-case.ts';
import type { Language } from './accept-language.ts';
import { describeError } from '../problem.ts';

/** A client that changed under the update twice in a row: repeating the request is the way out. */
export const changedTwice: Record<Language, string> = {
  es: 'El cliente cambió dos veces mientras se actualizaba; repite la operación (los clientes ya actualizados quedarán sin cambios)',
  en: 'The client changed twice while it was being updated; repeat the operation (clients already updated stay unchanged)',
};

/** A mass write that ran short of time: what it did and how to go on. */
export const stoppedShort: Record<Language, (done: number, remaining: number) => string> = {
  es: (done, remaining) =>
    `Se acabó el tiempo de la solicitud antes de terminar (procesados: ${done}; pendientes: ${remaining}). ` +
    'Repite la misma solicitud con una nueva Idempotency-Key para continuar: los clientes ya actualizados quedarán sin cambios.',
  en: (done, remaining) =>
    `The request ran out of time before finishing (processed: ${done}; not reached: ${remaining}). ` +
    'Repeat the same request with a new Idempotency-Key to continue: clients already updated come back unchanged.',
};

/**
 * A mass result as sent: each failure's message worded in the caller's language from its code and
 * facts (the same wording its own request would get), the facts themselves left out; one that
 * stopped short says so.
 */
export function wordMassResult<R extends Pick<MassResult, 'failures'> & Partial<Pick<MassResult, 'complete' | 'total' | 'remaining'>>>(
  result: R,
  lang: Language,
): R {
  const short = result.complete === false && result.total !== undefined && result.remaining !== undefined;
  return {
    ...result,
    ...(short ? { message: stoppedShort[lang](result.total! - result.remaining!, result.remaining!) } : {}),
    failures: result.failures.map(({ details, ...failure }) => ({
      ...failure,
      message:
        details?.reason === 'changed_twice'
          ? changedTwice[lang]
          : describeError(
              failure.code && failure.code !== 'internal' ? new DomainError(failure.code as DomainErrorCode, failure.message, details) : undefined,
              lang,
            ),
    })),
  };
}
