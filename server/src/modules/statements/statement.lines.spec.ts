import { statementOf, type StatementInvoice } from './statement.lines';

const at = (day: string) => new Date(`${day}T10:00:00Z`);

describe('a client statement', () => {
  it('every invoice and payment in date order with a running balance per currency', () => {
    const invoices: StatementInvoice[] = [
      {
        id: 'a',
        number: 'INV-0002',
        currency: 'EUR',
        total: 50_000,
        issuedAt: at('2026-02-01'),
        voidedAt: null,
        payments: [{ amount: 20_000, method: 'bank_transfer', receivedAt: at('2026-02-10') }],
      },
      {
        id: 'b',
        number: 'INV-0001',
        currency: 'EUR',
        total: 30_000,
        issuedAt: at('2026-01-05'),
        voidedAt: null,
        payments: [{ amount: 30_000, method: 'stripe', receivedAt: at('2026-01-20') }],
      },
      {
        id: 'c',
        number: 'INV-0003',
        currency: 'USD',
        total: 10_000,
        issuedAt: at('2026-02-02'),
        voidedAt: null,
        payments: [],
      },
      {
        id: 'd',
        number: 'INV-0004',
        currency: 'EUR',
        total: 5_000,
        issuedAt: at('2026-02-03'),
        voidedAt: at('2026-02-04'),
        payments: [{ amount: 1_000, method: 'cash', receivedAt: at('2026-02-03') }],
      },
    ];
    const { lines, balances } = statementOf(invoices);
    expect(
      lines.map((l) => [
        l.date.toISOString().slice(0, 10),
        l.kind,
        l.invoiceNumber,
        l.charge,
        l.credit,
        l.balance,
      ]),
    ).toEqual([
      ['2026-01-05', 'INVOICE', 'INV-0001', 30_000, 0, 30_000],
      ['2026-01-20', 'PAYMENT', 'INV-0001', 0, 30_000, 0],
      ['2026-02-01', 'INVOICE', 'INV-0002', 50_000, 0, 50_000],
      ['2026-02-02', 'INVOICE', 'INV-0003', 10_000, 0, 10_000],
      ['2026-02-03', 'INVOICE', 'INV-0004', 5_000, 0, 55_000],
      ['2026-02-03', 'PAYMENT', 'INV-0004', 0, 1_000, 54_000],
      ['2026-02-04', 'VOID', 'INV-0004', 0, 5_000, 49_000],
      ['2026-02-10', 'PAYMENT', 'INV-0002', 0, 20_000, 29_000],
    ]);
    expect(lines[1].description).toBe('Payment (stripe) on INV-0001');
    expect(balances).toEqual([
      // 85,000 invoiced, 51,000 paid, 5,000 voided: 30,000 due on INV-0002, less the 1,000 received on the voided one.
      { currency: 'EUR', invoiced: 85_000, paid: 51_000, voided: 5_000, balance: 29_000 },
      { currency: 'USD', invoiced: 10_000, paid: 0, voided: 0, balance: 10_000 },
    ]);
  });

  it('a client without sent invoices has an empty statement', () => {
    expect(statementOf([])).toEqual({ lines: [], balances: [] });
  });
});
