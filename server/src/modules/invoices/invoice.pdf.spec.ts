import { pdfText } from '../../test/pdf-text';
import { howToPay, renderInvoicePdf } from './invoice.pdf';
import { renderReceiptPdf } from './receipt.pdf';

const issuer = {
  companyName: 'Northwind',
  accentColor: '#0f766e',
  legalName: 'Northwind Studio Ltd',
  address: '1 High Street\nLondon',
  taxId: 'GB1',
};
const billedTo = { name: 'Smith & Co', address: null, taxId: null };
const line = (n: number) => ({
  description: `Line ${n}`,
  quantity: 1,
  unitAmount: 1_000,
  amount: 1_000,
  taxRatePercent: 20,
  taxLabel: 'VAT',
});
const invoice = (lines: number) => ({
  number: 'INV-0042',
  status: 'SENT' as never,
  currency: 'EUR',
  lineItems: Array.from({ length: lines }, (_, i) => line(i + 1)),
  taxLines: [{ label: 'VAT', ratePercent: 20, taxableAmount: lines * 1_000, taxAmount: lines * 200 }],
  notes: null,
  subtotal: lines * 1_000,
  taxAmount: lines * 200,
  total: lines * 1_200,
  amountPaid: 0,
  amountDue: lines * 1_200,
  issuedAt: new Date('2026-03-01T00:00:00Z'),
  dueDate: null,
});

describe('invoice and receipt PDFs', () => {
  it('how to pay: online, the instructions as the alternative, or the instructions alone', () => {
    expect(howToPay({ onlinePayment: true, paymentInstructions: 'IBAN X' })).toEqual([
      'Pay online with the link in your email, or:',
      'IBAN X',
    ]);
    expect(howToPay({ onlinePayment: false, paymentInstructions: 'IBAN X' })).toEqual(['IBAN X']);
    expect(howToPay({ onlinePayment: true, paymentInstructions: null })).toEqual([
      'Pay online with the link in your email.',
    ]);
    expect(howToPay({ onlinePayment: false, paymentInstructions: null })).toEqual([]);
  });

  it('a long invoice runs onto more pages and keeps every line and its totals', async () => {
    const pdf = await renderInvoicePdf({
      invoice: invoice(70),
      issuer,
      billedTo,
      payments: [],
      paymentInstructions: 'IBAN GB33',
      onlinePayment: true,
    });
    const text = await pdfText(pdf);
    expect(text).toContain('Line 1 1 €10.00 VAT 20% €10.00');
    expect(text).toContain('Line 70 1 €10.00 VAT 20% €10.00');
    expect(text).toContain('VAT 20% on €700.00 €140.00');
    expect(text).not.toContain('Total tax'); // one rate: its line is the tax
    expect(text).toContain('Amount due €840.00');
    expect(text).toContain('Pay online with the link in your email, or:');
    expect(text).toMatch(/-- 1 of [2-9] --/);
  });

  it('a receipt names the payment, the invoice, what was paid to date and what is still due', async () => {
    const pdf = await renderReceiptPdf({
      invoice: {
        number: 'INV-0042',
        currency: 'EUR',
        total: 12_000,
        issuedAt: new Date('2026-03-01T00:00:00Z'),
      },
      payment: {
        id: 'abcdef12-0000-4000-8000-000000000000',
        amount: 5_000,
        method: 'stripe',
        receivedAt: new Date('2026-03-05T10:00:00Z'),
      },
      paidToDate: 7_000,
      remaining: 5_000,
      issuer,
      receivedFrom: billedTo,
    });
    const text = await pdfText(pdf);
    expect(text).toContain('RECEIPT');
    expect(text).toContain('Northwind Studio Ltd');
    expect(text).toContain('Received from');
    expect(text).toContain('Smith & Co');
    expect(text).toMatch(/Received:\s+2026-03-05/);
    expect(text).toMatch(/Receipt:\s+ABCDEF12/);
    expect(text).toContain('stripe €50.00');
    expect(text).toContain('Paid to date €70.00');
    expect(text).toContain('Still due €50.00');
  });
});
