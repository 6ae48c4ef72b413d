import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../domain/clients/client.use-cases.ts';
import { collectionsActive, displayName, NewClient, type Client } from '../../../domain/clients/client.schema.ts';
import { diffClient } from '../../../domain/clients/history.ts';

const base: Client = {
  id: 'c1',
  tenantId: 't',
  personType: 'natural',
  firstName: 'Ana',
  firstSurname: 'Pérez',
  displayName: 'Ana Pérez',
  email: 'ana@x.test',
  notifyEmails: [],
  collectionsEnabled: true,
  status: 'active',
  provenance: { source: 'api' },
  version: 1,
  createdAt: 'a',
  createdBy: 'u',
  updatedAt: 'a',
  updatedBy: 'u',
};

describe('client rules', () => {
  it('runs collections only for active clients with collections enabled', () => {
    expect(collectionsActive(base)).toBe(true);
    expect(collectionsActive({ ...base, status: 'inactive' })).toBe(false);
    expect(collectionsActive({ ...base, collectionsEnabled: false })).toBe(false);
  });

  it('builds the display name from the parts each person type uses, a company by its trade name when it has one', () => {
    expect(displayName({ personType: 'natural', firstName: 'Ana', middleName: 'María', firstSurname: 'Pérez', secondSurname: 'Soto' })).toBe(
      'Ana María Pérez Soto',
    );
    expect(displayName({ personType: 'legal', legalName: 'Acme SpA', tradeName: 'Acme' })).toBe('Acme');
    expect(displayName({ personType: 'legal', legalName: 'Acme SpA' })).toBe('Acme SpA');
    expect(displayName({ personType: 'other', name: 'Juan' })).toBe('Juan');
  });

  it('rejects name fields that do not belong to the person type', () => {
    const result = NewClient.safeParse({ personType: 'other', name: 'X', legalName: 'Y', email: 'x@x.test' });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['legalName']);
  });

  it('drops the old name parts when the person type changes, and requires the new ones', () => {
    const legal = applyPatch(base, { personType: 'legal', legalName: 'Pérez y Cía' });
    expect(legal).toMatchObject({ personType: 'legal', legalName: 'Pérez y Cía', displayName: 'Pérez y Cía' });
    expect(legal).not.toHaveProperty('firstName');
    expect(() => applyPatch(base, { personType: 'legal' })).toThrowError(/legalName/);
  });

  it('records one change holding only the fields that changed, ignoring bookkeeping', () => {
    const next = { ...base, phone: '123', city: 'Temuco', version: 2, updatedAt: 'b' };
    const entries = diffClient(base, next, { by: 'u', at: 'b', operation: 'update' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ operation: 'update', by: 'u', at: 'b', version: 2 });
    expect(entries[0]!.changes).toEqual([
      { field: 'city', to: 'Temuco' },
      { field: 'phone', to: '123' },
    ]);
  });

  it('records a creation as one change listing every field set', () => {
    const [entry, ...more] = diffClient(undefined, base, { by: 'u', at: 'a', operation: 'create' });
    expect(more).toEqual([]);
    expect(entry!.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['personType', 'email', 'displayName', 'status']));
    expect(entry!.changes.every((c) => !('from' in c))).toBe(true);
  });

  it('records nothing when no field changed', () => {
    expect(diffClient(base, { ...base, version: 2, updatedAt: 'later' }, { by: 'u', at: 'b', operation: 'update' })).toEqual([]);
  });
});
