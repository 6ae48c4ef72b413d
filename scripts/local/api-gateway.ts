import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functionCatalogue, httpRoutes, type FunctionSpec } from '../../functions/catalogue.ts';
import { problem, problemOf, toProblem, pickLanguage } from '../../functions/http/problem.ts';
import { bodyTooLarge, MAX_BODY_BYTES } from '../../functions/http/request-body.ts';
import { routeKey, type RouteSpec } from '../../functions/http/route-spec.ts';
import type { DevIssuer } from './dev-issuer.ts';
import { withinGatewayTimeout } from './function-timeout.ts';
import { invokeFunction } from './handlers.ts';

interface CompiledRoute {
  spec: FunctionSpec;
  route: RouteSpec;
  pattern: RegExp;
  names: string[];
}

function compile(spec: FunctionSpec, route: RouteSpec): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { spec, route, names, pattern: new RegExp(`^${source.replace(/\\\{|\\\}/g, '')}$`) };
}

/**
 * Every catalogued HTTP route, compiled once. Routes with fewer path parameters match first, as in
 * API Gateway, where `/v1/clients/search` wins over `/v1/clients/{clientId}`.
 */
export const compiledRoutes = (): CompiledRoute[] =>
  functionCatalogue.flatMap((spec) => httpRoutes(spec).map((route) => compile(spec, route))).sort((a, b) => a.names.length - b.names.length);

function problemResponse(res: ServerResponse, error: unknown, req: IncomingMessage, requestId: string, headers: Record<string, string> = {}) {
  const lang = pickLanguage(req.headers['accept-language']);
  const body = toProblem(error, lang, requestId);
  res.writeHead(body.status, { 'content-type': 'application/problem+json', 'x-request-id': requestId, 'content-language': lang, ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Reads the body up to `limit` bytes. Past it, the request is refused at once and the rest is read and
 * dropped (never buffered), so the client still gets the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      refused = true;
      chunks.length = 0;
      reject(bodyTooLarge(undefined));
    });
    req.on('end', () => refused || resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Path parameters decoded as API Gateway does; a malformed `%` escape is the client's error (400), not ours. */
function decodePathParameters(names: string[], values: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name, i) => {
      try {
        return [name, decodeURIComponent(values[i]!)];
      } catch {
        throw problem(
          'malformed_path',
          {
            es: `La ruta tiene una secuencia % inválida en ${name}: «${values[i]}»`,
            en: `The path has an invalid % escape in ${name}: "${values[i]}"`,
          },
          [{ pointer: `/path/${name}`, code: 'invalid_path_escape', message: '' }],
        );
      }
    }),
  );
}

/**
 * Emulates the HTTP API: matches the route from the catalogue, does what the JWT authorizer does
 * (verify, then pass the claims as strings), builds a payload v2 event and invokes the real handler.
 */
export function createApiGateway(options: {
  issuer: DevIssuer;
  port: number;
  host?: string;
  /** Tests shorten the wait; by default each function's timeout, at most API Gateway's 29 s (function-timeout.ts). */
  timeoutMs?: (spec: FunctionSpec) => number;
}): Promise<{ server: Server; url: string }> {
  const routes = compiledRoutes();
  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const onPath = routes.filter((r) => r.pattern.test(url.pathname));
      const match = onPath.find((r) => r.route.method === method);
      if (!match && onPath.length) {
        const allow = [...new Set(onPath.map((r) => r.route.method))].join(', ');
        problemResponse(
          res,
          problem('method_not_allowed', {
            es: `${method} no está disponible en ${url.pathname}; usa ${allow}`,
            en: `${method} is not available on ${url.pathname}; use ${allow}`,
          }),
          req,
          requestId,
          { allow },
        );
        return;
      }
      if (!match) throw problemOf('route_not_found', { route: `${method} ${url.pathname}` });
      const values = match.pattern.exec(url.pathname)!.slice(1);
      const pathParameters = decodePathParameters(match.names, values);
      // Like API Gateway's own payload limit, a declared size over ours is refused before the authorizer.
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw bodyTooLarge(Number(req.headers['content-length']));

      let claims: Record<string, string> | undefined;
      // Portal routes have no authorizer in AWS either: portal-api verifies the portal token itself.
      if (!match.route.public && !match.route.portal) {
        const header = req.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
        if (!token) throw problemOf('unauthenticated', { reason: 'missing_token' });
        try {
          const payload = await options.issuer.verify(token);
          // API Gateway hands every claim to the function as a string.
          claims = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
        } catch {
          throw problemOf('unauthenticated', { reason: 'invalid_token' });
        }
      }

      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const body = await readBody(req, MAX_BODY_BYTES);
      const now = new Date();
      const event = {
        version: '2.0',
        routeKey: routeKey(match.route),
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(match.names.length ? { pathParameters } : {}),
        requestContext: {
          accountId: 'local',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'localhost',
          http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
          requestId,
          routeKey: routeKey(match.route),
          stage: '$default',
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
          ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
        },
        ...(body.length ? { body: body.toString('utf8') } : {}),
        isBase64Encoded: false,
      };
      const result = (await withinGatewayTimeout(
        invokeFunction(match.spec, event),
        match.spec,
        options.timeoutMs?.(match.spec),
      )) as APIGatewayProxyStructuredResultV2;
      const responseBody = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
      res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>) });
      res.end(responseBody);
    } catch (error) {
      problemResponse(res, error, req, requestId);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://localhost:${port}` });
    });
  });
}
