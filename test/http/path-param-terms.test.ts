import { describe, expect, it } from 'vitest';
import { functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import { entityOfPathParam, fieldTerm } from '../../functions/http/messages/glossary.ts';

describe('path parameters in messages', () => {
  it('names every path parameter of every route as the id of its record, in both languages', () => {
    const params = new Set(functionCatalogue.flatMap((fn) => httpRoutes(fn).flatMap((route) => [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))));
    // `version`, `file` and a template's `type` name a value, not a record: they are worded as fields.
    const unnamed = [...params].filter((name) => !['version', 'file', 'type'].includes(name) && !entityOfPathParam[name]);
    expect(unnamed).toEqual([]);
  });

  it('words an invoice id as one', () => {
    const term = fieldTerm('/path/invoiceId');
    expect([term.es, term.en]).toEqual(['id de la factura', 'invoice id']);
  });
});
