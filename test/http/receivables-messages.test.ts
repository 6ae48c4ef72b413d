import { describe, expect, it } from 'vitest';
import { fieldMessage } from '../../functions/http/messages/field-messages.ts';
import { money } from '../../functions/http/messages/receivables-fields.ts';
import { invalidStateReasons } from '../../functions/http/messages/reasons.ts';

describe('receivables messages', () => {
  it('show amounts as the currency writes them, in the reader’s convention', () => {
    expect(money(11900050, 'USD', 'es')).toBe('119.000,50 USD');
    expect(money(11900050, 'USD', 'en')).toBe('119,000.50 USD');
    expect(money(119000, 'CLP', 'es')).toBe('119.000 CLP');
    expect(money('381234', 'CLF', 'es')).toBe('38,1234 CLF');
    expect(money(5, undefined, 'es')).toBe('5');
  });

  it('word an allocation over an invoice’s balance and a refused void with the amounts in the invoice’s currency', () => {
    const error = { pointer: '/body/allocations/0/amount', code: 'exceeds_balance', params: { balance: 59500, currency: 'CLP' } };
    expect(fieldMessage(error, 'es')).toBe('El monto pasa del saldo de la factura (59.500 CLP)');
    expect(fieldMessage(error, 'en')).toBe("The amount is over the invoice's balance (59,500 CLP)");
    expect(invalidStateReasons.has_applied_amounts!.es({ paid: 1000, credited: 250, currency: 'MXN' })).toContain('12,50 MXN');
  });
});
