import type { UpcasterRegistry } from '../../event-store/upcaster.registry';
import { DEFAULT_TAX_LABEL } from './invoice.content';

/**
 * Version 2 of InvoiceCreated and InvoiceUpdated gives every line its own tax
 * rate and label, the invoice a default label, and the totals per rate. An
 * invoice whose content landed at version 1 had one rate for all its lines,
 * taxed on the subtotal: each line has that rate, labelled Tax, and the one
 * tax line is the subtotal's (the amounts are those it was sent with).
 * Values already in the data are kept.
 */
const toVersion2 = (data: any) => {
  const rate: number = data.taxRatePercent ?? 0;
  const lineItems = (data.lineItems ?? []).map((line: any) => ({
    taxRatePercent: rate,
    taxLabel: DEFAULT_TAX_LABEL,
    ...line,
  }));
  const taxes =
    rate > 0 && lineItems.length
      ? [
          {
            label: DEFAULT_TAX_LABEL,
            ratePercent: rate,
            taxableAmount: data.subtotal,
            taxAmount: data.taxAmount,
          },
        ]
      : [];
  return { taxLabel: DEFAULT_TAX_LABEL, taxes, ...data, lineItems };
};

export function registerInvoiceUpcasters(registry: UpcasterRegistry): UpcasterRegistry {
  return registry.register('InvoiceCreated', 1, toVersion2).register('InvoiceUpdated', 1, toVersion2);
}
