import { UpcasterRegistry } from '../../event-store/upcaster.registry';
import { fold } from '../../projections/decider';
import { invoiceDecider } from './invoice.decider';
import type { InvoiceEvent } from './invoice.events';
import { registerInvoiceUpcasters } from './invoice.upcasters';

describe('invoice upcasters', () => {
  const registry = registerInvoiceUpcasters(new UpcasterRegistry());
  const scope = { workspaceId: 'w', clientId: 'c', projectId: 'p', invoiceId: 'i', number: 'INV-0001' };
  const v1 = {
    ...scope,
    currency: 'USD',
    lineItems: [
      { description: 'Design', quantity: 2.5, unitAmount: 40_000, amount: 100_000 },
      { description: 'Hosting', quantity: 1, unitAmount: 999, amount: 999 },
    ],
    taxRatePercent: 8.875,
    subtotal: 100_999,
    taxAmount: 8_964,
    total: 109_963,
    dueDate: null,
    notes: null,
    createdAt: '2025-11-01T00:00:00.000Z',
  };

  it('reads a version-1 InvoiceCreated as one rate on every line and one tax line over the subtotal', () => {
    const { version, data } = registry.upcast('InvoiceCreated', 1, v1);
    expect(version).toBe(2);
    expect(data).toEqual({
      ...v1,
      lineItems: v1.lineItems.map((line) => ({ ...line, taxRatePercent: 8.875, taxLabel: 'Tax' })),
      taxLabel: 'Tax',
      taxes: [{ label: 'Tax', ratePercent: 8.875, taxableAmount: 100_999, taxAmount: 8_964 }],
    });
    // An edit decided on the upcast state that changes nothing decides nothing.
    const state = fold(invoiceDecider, [{ type: 'InvoiceCreated', data } as InvoiceEvent]);
    expect(invoiceDecider.decide({ type: 'UpdateInvoice', changes: {} }, state, { now: new Date() })).toEqual(
      [],
    );
  });

  it('a version-1 invoice without tax has no tax line; InvoiceUpdated is upcast alike; version 2 stays', () => {
    const untaxed = { ...v1, taxRatePercent: 0, taxAmount: 0, total: 100_999 };
    expect((registry.upcast('InvoiceUpdated', 1, untaxed).data as { taxes: unknown[] }).taxes).toEqual([]);
    const current = registry.upcast('InvoiceCreated', 1, v1).data;
    expect(registry.upcast('InvoiceCreated', 2, current)).toEqual({ version: 2, data: current });
    expect(registry.currentVersion('InvoiceCreated')).toBe(2);
    expect(registry.currentVersion('InvoiceUpdated')).toBe(2);
    expect(registry.currentVersion('InvoiceSent')).toBe(1);
  });
});
