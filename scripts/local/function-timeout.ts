import type { FunctionSpec } from '../../functions/catalogue.ts';
import { HttpProblem } from '../../functions/http/problem.ts';

/** API Gateway (HTTP API) stops waiting for an integration after this long. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** How long the gateway waits for a function: its own timeout (Lambda ends it there) or the integration's, the shorter. */
export const gatewayTimeoutMs = (spec: FunctionSpec) => Math.min(spec.timeoutSeconds * 1000, INTEGRATION_TIMEOUT_MS);

/** Both languages: the gateway words the problem in the request's language when it answers. */
function gatewayTimeout(spec: FunctionSpec, limitMs: number): HttpProblem {
  const seconds = Math.round(limitMs / 100) / 10;
  const byFunction = limitMs < INTEGRATION_TIMEOUT_MS;
  const message = {
    es:
      `${byFunction ? `La función ${spec.name} superó su tiempo máximo de ${seconds} s` : `El API Gateway dejó de esperar a la función ${spec.name} a los ${seconds} s`}. ` +
      'La operación pudo haberse completado o no: revisa el resultado antes de repetirla, o repítela con la misma Idempotency-Key.',
    en:
      `${byFunction ? `The function ${spec.name} ran past its ${seconds} s limit` : `API Gateway stopped waiting for the function ${spec.name} after ${seconds} s`}. ` +
      'The operation may or may not have completed: check the result before repeating it, or repeat it with the same Idempotency-Key.',
  };
  return new HttpProblem('gateway_timeout', 504, message, undefined, { timeoutSeconds: seconds });
}

/**
 * What the gateway does with a slow function: answers 504 problem+json at the limit. Lambda would also end
 * the function there; locally it runs on in the background (one process), as a frozen Lambda never does.
 */
export async function withinGatewayTimeout<T>(invocation: Promise<T>, spec: FunctionSpec, limitMs = gatewayTimeoutMs(spec)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(gatewayTimeout(spec, limitMs)), limitMs);
  });
  try {
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
