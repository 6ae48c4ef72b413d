import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SkipReason } from '../../domain/collections/collections.schema.ts';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { TaxIdError } from '../../domain/clients/tax-id.ts';
import { fieldMessages, type FieldContext } from '../../functions/http/messages/field-messages.ts';
import { entities, fields, fieldTerm, type Term } from '../../functions/http/messages/glossary.ts';
import { taxIdSchemes } from '../../functions/http/messages/tax-ids.ts';
import { changedTwice } from '../../functions/http/messages/mass-failures.ts';
import { problemCodes, toProblem, problem, wordings } from '../../functions/http/problem.ts';
// Every route file, so the feature wordings they add (feature-wordings.ts) are in the tables checked here.
import '../../functions/catalogue.ts';
import { englishIn } from '../support/english-words.ts';

/**
 * Every code a caller can receive has a Spanish and an English text of our own (issue 8): problem codes,
 * field-error codes (zod's issues as we map them, and ours), and the reasons of forbidden, invalid-state,
 * conflict and unauthenticated problems. The codes are collected from the source, so a new code without
 * wording fails here.
 */
const root = join(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
const code = ['domain', 'functions', 'scripts'].flatMap(sources).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
const found = (pattern: RegExp) => [...new Set(code.flatMap(({ text }) => [...text.matchAll(pattern)].map((m) => m[1]!)))].sort();

/** zod's issue codes, checked complete against zod's own type: a new zod code fails to compile here. */
const zodIssueCodes: Record<z.core.$ZodIssue['code'], string> = {
  invalid_type: 'invalid_type',
  too_big: 'too_big',
  too_small: 'too_small',
  invalid_format: 'invalid_format',
  not_multiple_of: 'not_multiple_of',
  unrecognized_keys: 'unknown_field',
  invalid_union: 'invalid_union',
  invalid_key: 'invalid_key',
  invalid_element: 'invalid_element',
  invalid_value: 'invalid_value',
  custom: 'custom',
};
/** The tax-id check results, which are field codes on `/body/taxId/value`. */
const taxIdErrors: Record<TaxIdError, true> = { empty: true, format: true, check_digit: true, date: true, province: true, type: true };

const langs = ['es', 'en'] as const;
const male: Term = { es: 'nombre', en: 'name' };
const female: Term = { es: 'razón social', en: 'legal name', f: true };
const plural: Term = { es: 'permisos', en: 'permissions', pl: true };

/** Facts every wording may meet, in several shapes, so each branch of a wording runs. */
const paramSets: Array<Record<string, unknown>> = [
  {},
  { received: 'missing', expected: 'string' },
  { received: 'null', expected: 'string' },
  { received: 'number', expected: 'string' },
  { received: 'nan', expected: 'number' },
  { received: 'number', expected: 'int' },
  { received: 'string', expected: 'array' },
  { origin: 'string', minimum: 1 },
  { origin: 'string', minimum: 3 },
  { origin: 'string', minimum: 7, exact: true },
  { origin: 'number', minimum: 0, inclusive: true },
  { origin: 'number', minimum: 0, inclusive: false },
  { origin: 'array', minimum: 1 },
  { origin: 'string', maximum: 80 },
  { origin: 'number', maximum: 365, inclusive: true },
  { origin: 'array', maximum: 1000 },
  { format: 'email' },
  { format: 'regex', pattern: '^[A-Za-z0-9_-]+$' },
  { format: 'regex', pattern: 'x+' },
  { format: 'datetime' },
  { values: ['natural', 'legal'] },
  { values: [1, 2, 3, 4] },
  { divisor: 5 },
  ...Object.keys(taxIdSchemes).flatMap((scheme) => [{ scheme }, { scheme, checkDigit: 'K' }]),
  { rule: 'required', personType: 'natural' },
  { rule: 'not_used', personType: 'legal' },
  { rule: 'required', personType: 'other' },
  { entity: 'category', id: 'mayorista' },
  { entity: 'user', id: 'u1', name: 'Ana', status: 'inactive' },
  { entity: 'branch', id: 'b1' },
  { because: 'receives' },
  { because: 'no_slug' },
  { max: 50 },
  { level: 2, rule: 'missing' },
  { level: 3, rule: 'removed' },
  { currency: 'USD', country: 'CL', currencies: ['CLP', 'CLF'] },
  { currency: 'MXN', country: 'AR', currencies: ['ARS'] },
];

/** The facts a code is always raised with (validate.ts, the domain); other codes take any set. */
const needs: Record<string, string[]> = {
  too_small: ['minimum', 'origin'],
  too_big: ['maximum', 'origin'],
  invalid_value: ['values'],
  not_multiple_of: ['divisor'],
  invalid_format: ['format'],
  unknown_reference: ['entity', 'id'],
  invalid_name: ['rule', 'personType'],
  required_for_level: ['level', 'rule'],
  currency_of_country: ['currency', 'country', 'currencies'],
};

const contexts = (code: string, pointer: string): FieldContext[] =>
  [male, female, plural, fieldTerm(pointer)].flatMap((field) =>
    paramSets.filter((params) => (needs[code] ?? []).every((fact) => fact in params)).map((params) => ({ field, pointer, params })),
  );

/** A text fit to send: not empty, no `undefined` or `[object …]` leaking from a missing fact. */
function expectWorded(text: string, where: string) {
  expect(text.trim(), where).not.toBe('');
  expect(text, where).not.toMatch(/undefined|\[object |NaN|\$\{/);
}

describe('the message catalogue', () => {
  it('words every problem code used in the source, with a title in both languages', () => {
    const used = found(/\b(?:problem|problemOf)\(\s*'(\w+)'/g).concat(found(/new DomainError\(\s*'(\w+)'/g), found(/new HttpProblem\(\s*'(\w+)'/g));
    const missing = used.filter((c) => !problemCodes().includes(c));
    expect(missing, 'codes without a catalogue entry').toEqual([]);
    for (const c of problemCodes()) {
      const es = toProblem(problem(c, 'log only'), 'es', 'r');
      const en = toProblem(problem(c, 'log only'), 'en', 'r');
      for (const p of [es, en]) {
        expectWorded(p.title, `${c} title`);
        expectWorded(p.detail, `${c} detail`);
      }
      expect(es.title, c).not.toBe(en.title);
      expect(englishIn(`${es.title} ${es.detail}`), `${c} in Spanish`).toEqual([]);
    }
  });

  it('words every field-error code the source raises and every zod issue code, in both languages', () => {
    const raised = found(/pointer:[^}]*?\bcode: '(\w+)'/g).concat(
      found(/params: \{ reason: '(\w+)'/g),
      Object.values(zodIssueCodes),
      Object.keys(taxIdErrors),
      ['control_character', 'bidi_control', 'lone_surrogate'],
    );
    const missing = [...new Set(raised)].filter((c) => !fieldMessages[c]);
    expect(missing, 'field codes without wording').toEqual([]);
    for (const [c, wording] of Object.entries(fieldMessages)) {
      for (const ctx of ['/body/firstSurname', '/query/limit', '/body/notifyEmails/2', '/body/billing/foo', '/body/moves/u1'].flatMap((p) => contexts(c, p))) {
        const es = wording.es(ctx);
        const en = wording.en(ctx);
        expectWorded(es, `${c} es ${JSON.stringify(ctx.params)}`);
        expectWorded(en, `${c} en ${JSON.stringify(ctx.params)}`);
        expect(englishIn(es), `${c} in Spanish: ${es}`).toEqual([]);
        expect(es, c).not.toBe(en);
      }
    }
  });

  it('words every reason of forbidden, invalid-state, conflict and unauthenticated problems', () => {
    const tables = { ...wordings.forbiddenReasons, ...wordings.invalidStateReasons, ...wordings.conflictReasons, ...wordings.unauthenticatedReasons };
    const raised = found(/\breason: '(\w+)'/g).concat(found(/\b(?:forbidden|invalidState)\(\s*'(\w+)'/g), found(/problemOf\([^)]*reason: '(\w+)'/g));
    // Reasons that are not an error's: why routing sends nothing, and the mass update's own wording.
    // Why a collection message was skipped (the send log's `reason`) and why an address was suppressed are states of a message, not errors.
    // A portal lock-out's `reason` (which lock: the e-mail's or the source's) is worded by too_many_attempts' own detail.
    const notErrors = [
      'email_locked',
      'source_locked',
      'client_inactive',
      'collections_disabled',
      'no_recipient',
      'changed_twice',
      ...SkipReason.options,
      'hard_bounce',
      'complaint',
    ];
    const dynamic = ['branch_in_use', 'department_in_use', 'category_in_use', 'zone_in_use', 'tenant_id_taken', 'tenant_already_provisioned'];
    const missing = [...new Set([...raised, ...dynamic])].filter((r) => !tables[r] && !fieldMessages[r] && !notErrors.includes(r));
    expect(missing, 'reasons without wording').toEqual([]);
    const common = { users: 2, clients: 3, limit: 5000, level: 1, actual: 4, permission: 'users.manage', existingId: 'ferreteria-sur' };
    for (const [reason, wording] of Object.entries(tables)) {
      const facts = reason === 'user_holds_clients' ? { ...common, clients: { seller: 2, collector: 1, agent: 1 } } : common;
      expectWorded(wording.es(facts), reason);
      expectWorded(wording.en(facts), reason);
      expect(englishIn(wording.es(facts)), `${reason} in Spanish`).toEqual([]);
    }
    for (const lang of langs) expectWorded(changedTwice[lang], 'changed_twice');
  });

  it('words not-found, conflict and version problems for every entity, naming it in Spanish', () => {
    const named = found(/\b(?:notFound|conflict|versionMismatch)\(\s*'(\w+)'/g).concat(['branch', 'department', 'category', 'zone']);
    expect(
      named.filter((e) => !entities[e]),
      'entities without a name',
    ).toEqual([]);
    const details = wordings.details;
    for (const entity of Object.keys(entities)) {
      for (const facts of [
        { entity, id: 'x1' },
        { entity, field: 'email', existingId: 'x1' },
        { entity, field: 'name', existingId: 'x1', existingName: 'Mayorista', existingStatus: 'active' },
        { entity, field: 'email', existingId: 'x1', existingName: 'Ana', existingStatus: 'inactive' },
        { entity, field: 'taxId', taxIdScheme: 'CL_RUT', existingId: 'x1', existingVisible: false },
      ]) {
        for (const c of ['not_found', 'conflict', 'version_mismatch']) {
          const es = details[c]!.es(facts);
          expectWorded(es, `${c} ${entity}`);
          expectWorded(details[c]!.en(facts), `${c} ${entity}`);
          expect(englishIn(es), `${c} ${entity} in Spanish: ${es}`).toEqual([]);
        }
      }
    }
  });

  it('has a Spanish and an English word for every entity, field and tax-id scheme', () => {
    for (const [name, term] of Object.entries({ ...entities, ...fields, ...taxIdSchemes })) {
      expect(term.es.trim(), name).not.toBe('');
      expect(term.en.trim(), name).not.toBe('');
    }
  });
});
