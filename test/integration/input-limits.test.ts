import { beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../support/api.ts';
import { json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const deps = testDeps();
let admin: TestUser;
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
});

type Call = Parameters<typeof callRoute>[0];
const call = (routeKey: string, extra: Omit<Call, 'routeKey' | 'as'> = {}) => callRoute({ routeKey, as: admin, ...extra });

/** `n` Hangul syllables: 3 bytes each, and nine once folded (each splits into three jamo). */
const hangul = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String.fromCharCode(0xac00 + ((from + i * 37) % 11172))).join('');

const expectField = (result: Awaited<ReturnType<typeof callRoute>>, pointer: string, code?: string) => {
  expect(result.statusCode, result.body).toBe(400);
  expect(result.headers['content-type']).toBe('application/problem+json');
  expect(json(result).errors).toContainEqual(expect.objectContaining({ pointer, ...(code ? { code } : {}) }));
};

describe('names whose folded form outgrows a DynamoDB key', () => {
  it('creates, lists and pages users named with 120 Hangul syllables', async () => {
    const { admin: own } = await newTenant(deps);
    for (const i of [1, 2, 3]) {
      const created = await callRoute({ routeKey: 'POST /v1/users', as: own, body: { email: `hangul${i}@users.test`, name: hangul(120, i), accessLevel: 4 } });
      expect(created.statusCode, created.body).toBe(201);
      expect(json(created).name).toBe(hangul(120, i));
    }
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await callRoute({ routeKey: 'GET /v1/users', as: own, query: { limit: '1', ...(cursor ? { cursor } : {}) } });
      expect(page.statusCode, page.body).toBe(200);
      names.push(...json(page).items.map((u: { name: string }) => u.name));
      cursor = json(page).cursor;
    } while (cursor);
    expect(names).toHaveLength(4);
  });

  it('creates, lists, pages and finds by prefix clients with the longest Hangul names each person type allows', async () => {
    const { admin: own } = await newTenant(deps);
    const bodies = [
      { personType: 'other', name: hangul(200, 1), email: 'other@hangul.test' },
      { personType: 'legal', legalName: hangul(200, 2), tradeName: hangul(200, 3), email: 'legal@hangul.test' },
      {
        personType: 'natural',
        firstName: hangul(80, 4),
        middleName: hangul(80, 5),
        firstSurname: hangul(80, 6),
        secondSurname: hangul(80, 7),
        email: 'natural@hangul.test',
      },
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      const created = await callRoute({ routeKey: 'POST /v1/clients', as: own, body });
      expect(created.statusCode, created.body).toBe(201);
      ids.push(json(created).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await callRoute({ routeKey: 'GET /v1/clients', as: own, query: { limit: '1', status: 'all', ...(cursor ? { cursor } : {}) } });
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...json(page).items.map((c: { id: string }) => c.id));
      cursor = json(page).cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());

    const byPrefix = await callRoute({ routeKey: 'GET /v1/clients', as: own, query: { name: hangul(100, 1) } });
    expect(byPrefix.statusCode, byPrefix.body).toBe(200);
    expect(json(byPrefix).items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    const searched = await callRoute({ routeKey: 'GET /v1/clients/search', as: own, query: { q: hangul(100, 2) } });
    expect(searched.statusCode, searched.body).toBe(200);
    expect(json(searched).items.map((h: { client: { id: string } }) => h.client.id)).toEqual([ids[1]]);
  });

  it.each([
    ['POST /v1/branches', {}],
    ['POST /v1/departments', {}],
    ['POST /v1/client-categories', { color: '#ABCDEF' }],
    ['POST /v1/zones', {}],
  ])('creates %s with the longest Hangul name once, and refuses the same name again with 409', async (routeKey, extra) => {
    const max = routeKey.includes('branches') || routeKey.includes('departments') ? 80 : 60;
    const first = await call(routeKey, { body: { name: hangul(max, 9), ...extra } });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(routeKey, { body: { name: hangul(max, 9), ...extra } });
    expect(again.statusCode, again.body).toBe(409);
  });
});

describe('fields without a maximum', () => {
  const long = (n: number) => `${'a'.repeat(n - 9)}@demo.cl`;
  for (const size of [2_000, 1_000_000]) {
    it(`refuses ${size.toLocaleString('en')}-character user e-mail, mailbox, branch and department with 400 naming each field`, async () => {
      const result = await call('POST /v1/users', { body: { email: long(size), name: 'Largo', accessLevel: 4 } });
      expectField(result, '/body/email', 'too_big');
      const others = await call('POST /v1/users', {
        body: {
          email: 'ok@demo.cl',
          name: 'Largo',
          accessLevel: 4,
          mailbox: long(size / 4),
          branchId: 'b'.repeat(size / 4),
          departmentId: 'd'.repeat(size / 4),
        },
      });
      for (const field of ['mailbox', 'branchId', 'departmentId']) expectField(others, `/body/${field}`, 'too_big');
    });

    it(`refuses a ${size.toLocaleString('en')}-character tenant sender e-mail with 400`, async () => {
      const tenant = await call('GET /v1/tenant');
      expectField(
        await call('PATCH /v1/tenant', { body: { senderEmail: long(size) }, headers: { 'if-match': tenant.headers.etag! } }),
        '/body/senderEmail',
        'too_big',
      );
    });
  }

  it('refuses a permissions list longer than the permissions that exist', async () => {
    const result = await call('POST /v1/users', { body: { email: 'perm@demo.cl', name: 'P', accessLevel: 4, permissions: Array(5_000).fill('users.manage') } });
    expectField(result, '/body/permissions', 'too_big');
  });
});

describe('characters that hide or reorder text', () => {
  const hostile = [
    ['a null byte', 'Ana\u0000Pérez', 'control_character'],
    ['a bell', 'Ana\u0007', 'control_character'],
    ['an escape sequence', 'Ana\u001b[31m', 'control_character'],
    ['a line break', 'Ana\nPérez', 'control_character'],
    ['a C1 control', 'Ana\u0085', 'control_character'],
    ['a right-to-left override', 'Ana\u202Egpj.exe', 'bidi_control'],
    ['a bidi isolate', 'Ana\u2066x\u2069', 'bidi_control'],
    ['a lone surrogate', 'Ana\uD800', 'lone_surrogate'],
  ] as const;

  it.each(hostile)('refuses %s in a name, an id, an e-mail and a phone, saying why in Spanish and English', async (_what, value, code) => {
    const user = await call('POST /v1/users', { body: { email: 'x@demo.cl', name: value, accessLevel: 4, branchId: `b${value}` } });
    expectField(user, '/body/name', code);
    expectField(user, '/body/branchId', code);
    const email = await call('POST /v1/users', { body: { email: `x${value}@demo.cl`, name: 'X', accessLevel: 4 } });
    expectField(email, '/body/email', code);
    const client = await call('POST /v1/clients', { body: { personType: 'other', name: 'X', email: 'x@demo.cl', phone: `+56 ${value}` } });
    expectField(client, '/body/phone', code);
    const es = json(client).errors.find((e: { pointer: string }) => e.pointer === '/body/phone').message as string;
    const english = await call('POST /v1/clients', {
      body: { personType: 'other', name: 'X', email: 'x@demo.cl', phone: `+56 ${value}` },
      headers: { 'accept-language': 'en' },
    });
    const en = json(english).errors.find((e: { pointer: string }) => e.pointer === '/body/phone').message as string;
    expect({ es, en }).toEqual(
      {
        control_character: { es: expect.stringContaining('carácter de control'), en: expect.stringContaining('control character') },
        bidi_control: { es: expect.stringContaining('dirección del texto'), en: expect.stringContaining('text direction') },
        lone_surrogate: { es: expect.stringContaining('carácter dañado'), en: expect.stringContaining('broken character') },
      }[code],
    );
  });

  it('keeps newlines and tabs in free text, storing CRLF as LF, and still refuses other controls there', async () => {
    const created = await call('POST /v1/clients', {
      body: { personType: 'other', name: 'Notas', email: 'notas@demo.cl', observations: 'Línea 1\r\nLínea 2\n\tsangría' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(json(created).observations).toBe('Línea 1\nLínea 2\n\tsangría');
    for (const [value, code] of [
      ['a\u0000b', 'control_character'],
      ['a\u202Eb', 'bidi_control'],
    ] as const) {
      expectField(
        await call('POST /v1/clients', { body: { personType: 'other', name: 'N', email: 'n@demo.cl', observations: value } }),
        '/body/observations',
        code,
      );
    }
  });
});
