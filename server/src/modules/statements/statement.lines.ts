export type StatementLineKind = 'INVOICE' | 'PAYMENT' | 'VOID';

/** An invoice of the client as the statement reads it (sent ones only: a draft is nobody's debt). */
export interface StatementInvoice {
  id: string;
  number: string;
  currency: string;
  total: number;
  issuedAt: Date;
  voidedAt: Date | null;
  payments: { amount: number; method: string; receivedAt: Date }[];
}

export interface StatementLine {
  date: Date;
  kind: StatementLineKind;
  invoiceNumber: string;
  description: string;
  currency: string;
  /** What the line adds to the balance (an invoice's total). */
  charge: number;
  /** What it takes off (a payment, a void). */
  credit: number;
  /** The balance in that currency after this line: above 0 owed, below 0 in the client's favour. */
  balance: number;
}

export interface StatementBalance {
  currency: string;
  invoiced: number;
  paid: number;
  voided: number;
  /** invoiced − paid − voided: above 0 owed, below 0 in the client's favour (overpaid). */
  balance: number;
}

const ORDER: Record<StatementLineKind, number> = { INVOICE: 0, PAYMENT: 1, VOID: 2 };

/**
 * Every invoice and payment of a client in date order, a running balance per
 * currency (amounts in different currencies never add up), and the balances.
 * A voided invoice is charged when sent and credited back when voided; money
 * received on it stays received (a credit in the client's favour).
 */
export function statementOf(invoices: readonly StatementInvoice[]): {
  lines: StatementLine[];
  balances: StatementBalance[];
} {
  const entries: Omit<StatementLine, 'balance'>[] = [];
  for (const invoice of invoices) {
    const base = { invoiceNumber: invoice.number, currency: invoice.currency };
    entries.push({
      ...base,
      date: invoice.issuedAt,
      kind: 'INVOICE',
      description: `Invoice ${invoice.number}`,
      charge: invoice.total,
      credit: 0,
    });
    for (const payment of invoice.payments)
      entries.push({
        ...base,
        date: payment.receivedAt,
        kind: 'PAYMENT',
        description: `Payment (${payment.method.replace('_', ' ')}) on ${invoice.number}`,
        charge: 0,
        credit: payment.amount,
      });
    if (invoice.voidedAt)
      entries.push({
        ...base,
        date: invoice.voidedAt,
        kind: 'VOID',
        description: `Invoice ${invoice.number} voided`,
        charge: 0,
        credit: invoice.total,
      });
  }
  entries.sort(
    (a, b) =>
      a.date.getTime() - b.date.getTime() ||
      ORDER[a.kind] - ORDER[b.kind] ||
      a.invoiceNumber.localeCompare(b.invoiceNumber),
  );
  const totals = new Map<string, StatementBalance>();
  const lines = entries.map((entry) => {
    const total = totals.get(entry.currency) ?? {
      currency: entry.currency,
      invoiced: 0,
      paid: 0,
      voided: 0,
      balance: 0,
    };
    if (entry.kind === 'INVOICE') total.invoiced += entry.charge;
    if (entry.kind === 'PAYMENT') total.paid += entry.credit;
    if (entry.kind === 'VOID') total.voided += entry.credit;
    total.balance += entry.charge - entry.credit;
    totals.set(entry.currency, total);
    return { ...entry, balance: total.balance };
  });
  return { lines, balances: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
}
