import type { HttpEvent } from './http-types.ts';
import { problem, problemOf, type Localized } from './problem.ts';

/**
 * The largest request body we read, in bytes as received (decision "Request body limit"): 1 MiB, more
 * than ten times our largest body (a mass update naming 1,000 clients is about 70 KB), far below API
 * Gateway's 10 MB and Lambda's 6 MB invoke payload.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

const grouped = (n: number, lang: 'es' | 'en') => n.toLocaleString(lang === 'es' ? 'es-CL' : 'en-US');

export const bodyTooLarge = (bytes: number | undefined) =>
  problem('payload_too_large', {
    es: `El cuerpo ${bytes === undefined ? 'supera' : `tiene ${grouped(bytes, 'es')} bytes y supera`} el máximo de ${grouped(MAX_BODY_BYTES, 'es')} bytes (1 MiB)`,
    en: `The body ${bytes === undefined ? 'exceeds' : `has ${grouped(bytes, 'en')} bytes, over`} the limit of ${grouped(MAX_BODY_BYTES, 'en')} bytes (1 MiB)`,
  } satisfies Localized);

/** Bytes of the body as the client sent it (API Gateway base64-encodes binary bodies). */
function bodyBytes(event: HttpEvent): number {
  if (!event.body) return 0;
  if (!event.isBase64Encoded) return Buffer.byteLength(event.body, 'utf8');
  const padding = event.body.endsWith('==') ? 2 : event.body.endsWith('=') ? 1 : 0;
  return Math.floor((event.body.length * 3) / 4) - padding;
}

/**
 * The request's JSON body, or `undefined` when it has none (JSON `null` is a body: `null`).
 * Refuses, before parsing, a body over the limit (413) and one that is not JSON (415).
 */
export function jsonBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = bodyBytes(event);
  if (bytes > MAX_BODY_BYTES) throw bodyTooLarge(bytes);
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw problem(
      'unsupported_media_type',
      {
        es: `El tipo de contenido es ${type ? `«${type}»` : '(ninguno)'}; envía el cuerpo como application/json`,
        en: `The content type is ${type ? `"${type}"` : '(none)'}; send the body as application/json`,
      },
      [{ pointer: '/header/content-type', code: 'json_required', message: '' }],
    );
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 says where the JSON broke ("… at position 12"); the rest of its message is English.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw problemOf('malformed_json', position === undefined ? {} : { position: Number(position) });
  }
}
