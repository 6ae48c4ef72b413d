import type { OverviewSection } from '../clients/overview.use-case.ts';
import { type DelinquencyDeps, readClientBalance } from './delinquency.use-cases.ts';

/**
 * The client overview's `receivables` section: per currency the client has, its open balance, overdue
 * balance, credit, oldest overdue days and average days to pay — the figures of
 * `GET /v1/clients/{id}/balance`, read from the client's receivables items (one query), never its invoices.
 * The overview checks the caller may see the client before any section runs.
 */
export const receivablesOverviewSection = (deps: DelinquencyDeps): OverviewSection => ({
  name: 'receivables',
  async summarize(tenantId, clientId) {
    const figures = await readClientBalance(deps)(tenantId, clientId);
    return { currencies: figures.map(({ blocks: _blocks, overdue: _overdue, period: _period, ...balance }) => balance) };
  },
});
