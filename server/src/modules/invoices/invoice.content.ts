import { bad, requireName } from '../shared/validation';
import type { InvoiceContent, LineItemData, TaxLineData } from './invoice.events';
import { lineAmount, MAX_AMOUNT, requireAmount, requireCurrency, taxOf } from './invoice.money';

export interface LineItemInput {
  description: string;
  quantity: number;
  unitAmount: number;
  /** The line's own rate; none: the invoice's default. */
  taxRatePercent?: number | null;
  /** The line's own tax label; none: the invoice's default. */
  taxLabel?: string | null;
}

export const MAX_LINE_ITEMS = 1000;
/** What tax is called when nobody says. */
export const DEFAULT_TAX_LABEL = 'Tax';

function requireRate(rate: number, field: string): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 100) throw bad(field, 'must be between 0 and 100');
  taxOf(0, rate, field); // at most 6 decimals, as typed
  return rate;
}

const label = (value: string | null | undefined, fallback: string, field: string) =>
  value == null || value.trim() === '' ? fallback : requireName(value, field, 40);

/**
 * The totals per rate: the lines at each (label, rate) added up, and the tax
 * of that sum rounded once, half away from zero (as tax authorities reckon
 * VAT per rate, not per line). Rates of 0 make no tax line.
 */
export function taxLinesOf(lines: readonly LineItemData[], field: string): TaxLineData[] {
  const groups = new Map<string, TaxLineData>();
  for (const line of lines) {
    if (line.taxRatePercent === 0) continue;
    const key = `${line.taxLabel}\u0000${line.taxRatePercent}`;
    const group = groups.get(key) ?? {
      label: line.taxLabel,
      ratePercent: line.taxRatePercent,
      taxableAmount: 0,
      taxAmount: 0,
    };
    group.taxableAmount += line.amount;
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({
    ...group,
    taxAmount: taxOf(group.taxableAmount, group.ratePercent, field),
  }));
}

/** Checks a draft's content and computes its amounts; fields are named by their path in `prefix`. */
export function invoiceContent(
  input: {
    currency: string;
    lineItems: LineItemInput[];
    taxRatePercent: number;
    taxLabel?: string | null;
    dueDate: Date | string | null;
    notes: string | null;
  },
  prefix: string,
): InvoiceContent {
  const currency = requireCurrency(input.currency, `${prefix}currency`);
  if (input.lineItems.length > MAX_LINE_ITEMS)
    throw bad(`${prefix}lineItems`, `at most ${MAX_LINE_ITEMS} lines`);
  const rate = requireRate(input.taxRatePercent, `${prefix}taxRatePercent`);
  const taxLabel = label(input.taxLabel, DEFAULT_TAX_LABEL, `${prefix}taxLabel`);
  const lineItems: LineItemData[] = input.lineItems.map((line, index) => {
    const field = `${prefix}lineItems.${index}`;
    if (!Number.isFinite(line.quantity) || line.quantity <= 0 || line.quantity > 1_000_000_000) {
      throw bad(`${field}.quantity`, 'must be above 0 and at most 1,000,000,000');
    }
    const unitAmount = requireAmount(line.unitAmount, `${field}.unitAmount`);
    return {
      description: requireName(line.description, `${field}.description`, 1000),
      quantity: line.quantity,
      unitAmount,
      amount: requireAmount(lineAmount(line.quantity, unitAmount, field), `${field}.unitAmount`),
      taxRatePercent:
        line.taxRatePercent == null ? rate : requireRate(line.taxRatePercent, `${field}.taxRatePercent`),
      taxLabel: label(line.taxLabel, taxLabel, `${field}.taxLabel`),
    };
  });
  const subtotal = lineItems.reduce((sum, line) => sum + line.amount, 0);
  if (Math.abs(subtotal) > MAX_AMOUNT)
    throw bad(`${prefix}lineItems`, `the subtotal must be within ±${MAX_AMOUNT.toLocaleString('en-US')}`);
  const taxes = taxLinesOf(lineItems, `${prefix}lineItems`);
  const taxAmount = taxes.reduce((sum, tax) => sum + tax.taxAmount, 0);
  const total = subtotal + taxAmount;
  if (Math.abs(total) > MAX_AMOUNT)
    throw bad(`${prefix}lineItems`, `the total must be within ±${MAX_AMOUNT.toLocaleString('en-US')}`);
  const notes = input.notes == null || input.notes.trim() === '' ? null : input.notes.trim();
  if (notes && notes.length > 5000) throw bad(`${prefix}notes`, 'must be at most 5,000 characters');
  const dueDate = input.dueDate == null ? null : new Date(input.dueDate);
  if (dueDate && Number.isNaN(dueDate.getTime())) throw bad(`${prefix}dueDate`, 'is not a date');
  return {
    currency,
    lineItems,
    taxRatePercent: rate,
    taxLabel,
    taxes,
    subtotal,
    taxAmount,
    total,
    dueDate: dueDate?.toISOString() ?? null,
    notes,
  };
}

/**
 * A draft's lines as input again, for an edit that does not give them: a
 * line that used the invoice's default rate and label keeps using the
 * default (so changing the default changes it); one with its own keeps it.
 */
export function linesAsInput(content: Pick<InvoiceContent, 'lineItems' | 'taxRatePercent' | 'taxLabel'>) {
  return content.lineItems.map((line): LineItemInput => ({
    description: line.description,
    quantity: line.quantity,
    unitAmount: line.unitAmount,
    taxRatePercent: line.taxRatePercent === content.taxRatePercent ? null : line.taxRatePercent,
    taxLabel: line.taxLabel === content.taxLabel ? null : line.taxLabel,
  }));
}
