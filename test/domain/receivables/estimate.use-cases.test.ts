import { describe, expect, it } from 'vitest';
import { NewClient } from '../../../domain/clients/client.schema.ts';
import { createClient } from '../../../domain/clients/client.use-cases.ts';
import { estimateBlocksOf } from '../../../domain/receivables/estimate-blocks.ts';
import { NewEstimate } from '../../../domain/receivables/estimate.ts';
import {
  convertExistingEstimate,
  createEstimate,
  estimatesTab,
  getEstimate,
  listEstimates,
  moveExistingEstimate,
  updateEstimate,
} from '../../../domain/receivables/estimate.use-cases.ts';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { inMemoryClientBook } from '../client-fakes.ts';
import { anActor, aTenant, aUser, T0 } from '../fixtures.ts';
import { InMemoryEstimateRepository } from './estimate-fakes.ts';
import { InMemoryInvoiceRepository } from './invoice-fakes.ts';

const admin = anActor({ permissions: ['estimates.manage', 'invoices.manage'] });
const seller = anActor({ userId: 'seller-1', accessLevel: 4, permissions: ['estimates.manage', 'invoices.manage'] });
const line = { description: 'Asesoría', quantity: 1, unitPrice: 100000, taxRate: 19 };
const input = (clientId: string, overrides: Record<string, unknown> = {}) => NewEstimate.parse({ clientId, lines: [line], ...overrides });

async function setup() {
  const book = inMemoryClientBook(T0);
  await book.tenants.createIfAbsent(aTenant());
  await book.users.create(aUser({ id: 'admin-a' }));
  await book.users.create(aUser({ id: 'seller-1', email: 's@acme.test', accessLevel: 4 }));
  const mine = await createClient(book)(
    anActor(),
    NewClient.parse({ personType: 'other', name: 'Ferretería Sur', sellerId: 'seller-1', paymentTermsDays: 30 }),
  );
  const other = await createClient(book)(anActor(), NewClient.parse({ personType: 'other', name: 'Panadería Norte' }));
  const invoices = new InMemoryInvoiceRepository(book.clients);
  const estimates = new InMemoryEstimateRepository(book.clients, invoices);
  return { deps: { ...book, invoices, estimates }, mine, other, invoices, estimates };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as DomainError,
  );

describe('estimate use cases', () => {
  it('number drafts from their own sequence, copy the client keys, and refuse a number in use naming its holder', async () => {
    // Prepare
    const { deps, mine } = await setup();

    // Act
    const first = await createEstimate(deps)(admin, input(mine.id));
    const second = await createEstimate(deps)(admin, input(mine.id));
    const taken = await refusal(createEstimate(deps)(admin, input(mine.id, { number: '1' })));

    // Assess
    expect([first.number, second.number]).toEqual(['1', '2']);
    expect(first).toMatchObject({ status: 'draft', sellerId: 'seller-1', totals: { total: 119000 } });
    expect(taken).toMatchObject({ code: 'conflict', details: { entity: 'estimate', field: 'number', existingId: first.id } });
  });

  it('convert an accepted estimate once; a conversion that loses to another answers already_converted naming the invoice', async () => {
    // Prepare
    const { deps, mine, invoices, estimates } = await setup();
    const { id } = await createEstimate(deps)(admin, input(mine.id));
    await moveExistingEstimate(deps)(admin, id, 'send');
    await moveExistingEstimate(deps)(admin, id, 'accept');
    let other: string | undefined;
    // Another conversion commits between this one's read and its write.
    estimates.beforeConvert = async () => {
      estimates.beforeConvert = async () => {};
      other = (await convertExistingEstimate(deps)(admin, id, false)).id;
    };

    // Act
    const lost = await refusal(convertExistingEstimate(deps)(admin, id, true));
    const later = await refusal(convertExistingEstimate(deps)(admin, id, false));

    // Assess
    expect(lost).toMatchObject({ code: 'invalid_state', details: { reason: 'already_converted', invoiceId: other } });
    expect(later).toMatchObject({ details: { reason: 'already_converted', invoiceId: other } });
    expect(invoices.all('tenant-a').map((i) => [i.id, i.estimateId, i.status])).toEqual([[other, id, 'draft']]);
    expect(await getEstimate(deps)(admin, id)).toMatchObject({ invoiceId: other, version: 4 });
  });

  it('keep the tab equal to the sum over the estimates and list the last ones newest first', async () => {
    // Prepare
    const { deps, mine, estimates } = await setup();
    const ids: string[] = [];
    for (let day = 1; day <= 8; day += 1)
      ids.push((await createEstimate(deps)(admin, input(mine.id, { issueDate: `2026-02-0${day}`, currency: day % 2 ? 'CLP' : 'CLF' }))).id);

    // Act
    for (const [i, id] of ids.entries()) {
      if (i % 4 === 0) continue;
      await moveExistingEstimate(deps)(admin, id, 'send');
      if (i % 4 === 2) await moveExistingEstimate(deps)(admin, id, 'accept');
      if (i % 4 === 3) await moveExistingEstimate(deps)(admin, id, 'reject');
    }
    await updateEstimate(deps)(admin, ids[0]!, { currency: 'CLF' });
    const tab = await estimatesTab(deps)(admin, mine.id);

    // Assess
    const expected = estimateBlocksOf(estimates.all('tenant-a'));
    expect(Object.fromEntries(tab.currencies.map(({ currency, ...blocks }) => [currency, blocks]))).toEqual(expected);
    expect(tab.last.map((e) => e.id)).toEqual([...ids].reverse());
  });

  it('answer 404 for an out-of-scope client or estimate and 403 without the permissions', async () => {
    // Prepare
    const { deps, other } = await setup();
    const theirs = await createEstimate(deps)(admin, input(other.id));
    const clerk = anActor({ userId: 'clerk', permissions: [] });
    const quoter = anActor({ userId: 'quoter', permissions: ['estimates.manage'] });

    // Act
    const outOfScope = await Promise.all([
      refusal(getEstimate(deps)(seller, theirs.id)),
      refusal(createEstimate(deps)(seller, input(other.id))),
      refusal(estimatesTab(deps)(seller, other.id)),
      refusal(listEstimates(deps)(seller, { clientId: other.id }, { limit: 10 })),
    ]);
    const listed = await listEstimates(deps)(seller, {}, { limit: 10 });
    const forbidden = await refusal(createEstimate(deps)(clerk, input(other.id)));
    const noInvoicing = await refusal(convertExistingEstimate(deps)(quoter, theirs.id, false));

    // Assess
    expect(outOfScope.map((e) => [e.code, e.details.entity])).toEqual([
      ['not_found', 'estimate'],
      ['not_found', 'client'],
      ['not_found', 'client'],
      ['not_found', 'client'],
    ]);
    expect(listed.items).toEqual([]);
    expect(forbidden).toMatchObject({ code: 'forbidden', details: { permission: 'estimates.manage' } });
    expect(noInvoicing).toMatchObject({ code: 'forbidden', details: { permission: 'invoices.manage' } });
  });
});
