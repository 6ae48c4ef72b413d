import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayName, nameKey, sortName } from '../../../domain/clients/client.schema.ts';
import {
  compareCodePoints,
  matchClient,
  MAX_CONTACT_EMAILS,
  MAX_NAME_TERMS,
  parseSearchText,
  phoneTerms,
  searchTermsOf,
  wordsOf,
} from '../../../domain/clients/search-terms.ts';
import { formatTaxId } from '../../../domain/clients/tax-id.ts';
import { fold } from '../../../domain/shared/text.ts';

const ana = {
  personType: 'natural',
  firstName: 'Ana María',
  firstSurname: 'Muñoz',
  secondSurname: 'De la Fuente',
  email: 'Ana.Soto@Andes.cl',
  phone: '+56 9 8765 4321',
  taxId: { scheme: 'CL_RUT', value: '13456783-K' },
} as const;
const find = (q: string, client: object = ana, contacts: string[] = []) => matchClient(client as never, contacts, parseSearchText(q)!);

describe('search terms of a client', () => {
  it('index every name word once, folded, without connectors or single letters, then e-mail, tax id, phones and contact e-mails', () => {
    expect(searchTermsOf(ana as never, ['pagos@andes.cl'])).toEqual([
      { term: 'ana', kind: 'name' },
      { term: 'maria', kind: 'name' },
      { term: 'munoz', kind: 'name' },
      { term: 'fuente', kind: 'name' },
      { term: 'ana.soto@andes.cl', kind: 'email' },
      { term: '13456783k', kind: 'taxId' },
      { term: '56987654321', kind: 'phone' },
      { term: '987654321', kind: 'phone' },
      { term: 'pagos@andes.cl', kind: 'contactEmail' },
    ]);
  });

  it('stop at the first name words and contact e-mails so a client keeps a known number of term items', () => {
    const long = { personType: 'legal', legalName: Array.from({ length: 30 }, (_, i) => `palabra${i}`).join(' '), email: 'x@y.cl' };
    const contacts = Array.from({ length: 30 }, (_, i) => `c${i}@y.cl`);
    const terms = searchTermsOf(long as never, contacts);
    expect(terms.filter((t) => t.kind === 'name')).toHaveLength(MAX_NAME_TERMS);
    expect(terms.filter((t) => t.kind === 'contactEmail')).toHaveLength(MAX_CONTACT_EMAILS);
  });

  it('index a phone by all its digits and by its national number without country code or trunk zero', () => {
    expect(phoneTerms('+56 9 8765 4321')).toEqual(['56987654321', '987654321']);
    expect(phoneTerms('0056 2 2345 6789')).toEqual(['56223456789', '223456789']);
    expect(phoneTerms('+1 (415) 555-0100')).toEqual(['14155550100', '4155550100']);
    expect(phoneTerms('+593 99 123 4567')).toEqual(['593991234567', '991234567']);
    expect(phoneTerms('099 123 4567')).toEqual(['0991234567', '991234567']);
    expect(phoneTerms('12')).toEqual([]);
  });
});

describe('reading the search box', () => {
  it('takes identifiers by their letters and digits, a phone typed with + also without its country code', () => {
    expect(parseSearchText('13.456.783')).toEqual({ prefixes: ['13456783'], others: [] });
    expect(parseSearchText('13.456.783-K')).toEqual({ prefixes: ['13456783k'], others: [] });
    expect(parseSearchText('20-12345678')).toEqual({ prefixes: ['2012345678'], others: [] });
    expect(parseSearchText('+56 9 8765 4321')).toEqual({ prefixes: ['987654321', '56987654321'], others: [] });
    expect(parseSearchText('0991234567')).toEqual({ prefixes: ['0991234567', '991234567'], others: [] });
    expect(parseSearchText('Ana@Andes')).toEqual({ prefixes: ['ana@andes'], others: [] });
  });

  it('looks a several-word query up by its longest word and filters by the others, ignoring connectors', () => {
    expect(parseSearchText('ana mu')).toEqual({ prefixes: ['ana'], others: ['mu'] });
    expect(parseSearchText('De la Fuente')).toEqual({ prefixes: ['fuente'], others: [] });
    expect(parseSearchText('Comercial 2000')).toEqual({ prefixes: ['comercial'], others: ['2000'] });
    expect(parseSearchText('de')).toEqual({ prefixes: ['de'], others: [] });
    expect(parseSearchText(' - ')).toBeUndefined();
  });
});

describe('matching a client', () => {
  it('finds a natural person by the start of the first name, a given name or either surname, whatever the case and accents', () => {
    for (const q of ['ana', 'mar', 'MARÍA', 'munoz', 'Muñoz', 'MUÑOZ', 'mu', 'fuente', 'De la Fuente', 'ana mu', 'muñoz ana']) expect(find(q), q).toBeDefined();
    expect(find('soto perez')).toBeUndefined();
    expect(find('pérez')).toBeUndefined();
  });

  it('finds a tax id without its check digit, a phone in any written form, an e-mail and a contact e-mail', () => {
    expect(find('13456783')).toMatchObject({ kind: 'taxId' });
    expect(find('13.456.783')).toMatchObject({ kind: 'taxId' });
    for (const q of ['+56 9 8765 4321', '987654321', '9 8765 4321', '56987654321', '+56987654321']) expect(find(q), q).toMatchObject({ kind: 'phone' });
    expect(find('ana.soto@')).toMatchObject({ kind: 'email' });
    expect(find('pagos', ana, ['pagos@andes.cl'])).toMatchObject({ kind: 'contactEmail', term: 'pagos@andes.cl' });
    expect(find('+593 99 123 4567', { ...ana, phone: '099 123 4567' })).toMatchObject({ kind: 'phone' });
    expect(find('0991234567', { ...ana, phone: '+593 99 123 4567' })).toMatchObject({ kind: 'phone', prefixIndex: 1 });
  });

  it('reports a client under its smallest matching term, so it comes once however many of its terms match', () => {
    expect(find('m')).toEqual({ prefixIndex: 0, term: 'maria', kind: 'name' });
    expect(find('ana')).toEqual({ prefixIndex: 0, term: 'ana', kind: 'name' });
  });

  // Words of names as people write them: accents, ñ, capitals, apostrophes and hyphens.
  const word = fc
    .stringMatching(/^[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{2,9}$/)
    .filter((w) => !['de', 'del', 'la', 'las', 'lo', 'los', 'el', 'da', 'das', 'do', 'dos', 'di', 'van', 'von', 'der'].includes(fold(w)));
  const respell = (text: string, upper: boolean[]) => [...text].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');

  it('finds every person by any prefix of any of their name words typed in any case, with or without accents', () => {
    fc.assert(
      fc.property(
        fc.record({ firstName: word, middleName: fc.option(word, { nil: undefined }), firstSurname: word, secondSurname: fc.option(word, { nil: undefined }) }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (names, pick, length, upper, stripAccents) => {
          const person = { personType: 'natural', email: 'p@x.cl', ...names };
          const words = [names.firstName, names.middleName, names.firstSurname, names.secondSurname].filter((w): w is string => Boolean(w));
          const chosen = words[pick % words.length]!;
          const typed = respell([...(stripAccents ? fold(chosen) : chosen)].slice(0, length).join(''), upper);
          const match = find(typed, person);
          expect(match, typed).toBeDefined();
          expect(match!.term.startsWith(fold(typed))).toBe(true);
          // The reported term is the smallest that matches: one item per client is the one taken.
          for (const t of searchTermsOf(person as never))
            if (t.term.startsWith(fold(typed))) expect(compareCodePoints(match!.term, t.term)).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('finds a RUT by its body in any written form, with or without check digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 99_999_999 }), fc.boolean(), (body, dotted) => {
        const sum = [...String(body)].reverse().reduce((total, d, i) => total + Number(d) * ((i % 6) + 2), 0);
        const r = 11 - (sum % 11);
        const dv = r === 11 ? '0' : r === 10 ? 'K' : String(r);
        const client = { personType: 'other', name: 'X', email: 'x@x.cl', taxId: { scheme: 'CL_RUT', value: `${body}-${dv}` } };
        const written = dotted ? body.toLocaleString('es-CL') : String(body);
        expect(find(written, client), written).toMatchObject({ kind: 'taxId' });
        expect(find(`${written}-${dv.toLowerCase()}`, client)).toMatchObject({ kind: 'taxId' });
      }),
    );
  });
});

describe('names and tax ids as shown', () => {
  it('sorts natural persons by surnames first and companies by trade name when they have one', () => {
    expect(sortName({ personType: 'natural', firstName: 'Ana', middleName: 'María', firstSurname: 'Muñoz', secondSurname: 'Pérez' })).toBe(
      'Muñoz Pérez, Ana María',
    );
    expect(nameKey({ personType: 'natural', firstName: 'Ana', middleName: 'María', firstSurname: 'Muñoz', secondSurname: 'Pérez' })).toBe(
      'munoz perez ana maria',
    );
    expect(displayName({ personType: 'legal', legalName: 'Comercial Andes SpA', tradeName: 'Andes' })).toBe('Andes');
    expect(nameKey({ personType: 'legal', legalName: 'Comercial Andes SpA', tradeName: 'Andes' })).toBe('andes');
    expect(sortName({ personType: 'other', name: 'Juan' })).toBe('Juan');
  });

  it('formats tax ids the local way', () => {
    expect(formatTaxId({ scheme: 'CL_RUT', value: '13456783-K' })).toBe('13.456.783-K');
    expect(formatTaxId({ scheme: 'CL_RUT', value: '1234567-4' })).toBe('1.234.567-4');
    expect(formatTaxId({ scheme: 'AR_CUIT', value: '20-12345678-6' })).toBe('20-12345678-6');
    expect(formatTaxId({ scheme: 'CO_NIT', value: '900123456-8' })).toBe('900.123.456-8');
    expect(formatTaxId({ scheme: 'CO_CC', value: '1020304050' })).toBe('1.020.304.050');
    expect(formatTaxId({ scheme: 'MX_RFC', value: 'GODE561231GR8' })).toBe('GODE561231GR8');
  });

  it('splits names into words at anything but letters and digits', () => {
    expect(wordsOf("O'Higgins Pérez-Cotapos S.A.")).toEqual(['o', 'higgins', 'perez', 'cotapos', 's', 'a']);
  });
});
