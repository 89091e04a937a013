import { bad, requireName } from '../shared/validation';
import type { InvoiceContent, LineItemData } from './invoice.events';
import { lineAmount, MAX_AMOUNT, requireAmount, requireCurrency, taxOf } from './invoice.money';

export interface LineItemInput {
  description: string;
  quantity: number;
  unitAmount: number;
}

export const MAX_LINE_ITEMS = 1000;

/** Checks a draft's content and computes its amounts; fields are named by their path in `prefix`. */
export function invoiceContent(
  input: {
    currency: string;
    lineItems: LineItemInput[];
    taxRatePercent: number;
    dueDate: Date | string | null;
    notes: string | null;
  },
  prefix: string,
): InvoiceContent {
  const currency = requireCurrency(input.currency, `${prefix}currency`);
  if (input.lineItems.length > MAX_LINE_ITEMS)
    throw bad(`${prefix}lineItems`, `at most ${MAX_LINE_ITEMS} lines`);
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
    };
  });
  const rate = input.taxRatePercent;
  if (!Number.isFinite(rate) || rate < 0 || rate > 100)
    throw bad(`${prefix}taxRatePercent`, 'must be between 0 and 100');
  const subtotal = lineItems.reduce((sum, line) => sum + line.amount, 0);
  if (Math.abs(subtotal) > MAX_AMOUNT)
    throw bad(`${prefix}lineItems`, `the subtotal must be within ±${MAX_AMOUNT.toLocaleString('en-US')}`);
  const taxAmount = taxOf(subtotal, rate, `${prefix}taxRatePercent`);
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
    subtotal,
    taxAmount,
    total,
    dueDate: dueDate?.toISOString() ?? null,
    notes,
  };
}
