import { formatMoney } from './invoice.money';
import type { Invoice } from './invoice.type';
import { PdfPage, pdfDay, type PdfIssuer, type PdfParty } from './pdf.layout';

export interface InvoicePdfInput {
  invoice: Pick<
    Invoice,
    | 'number'
    | 'status'
    | 'currency'
    | 'lineItems'
    | 'taxLines'
    | 'notes'
    | 'subtotal'
    | 'taxAmount'
    | 'total'
    | 'amountPaid'
    | 'amountDue'
    | 'issuedAt'
    | 'dueDate'
  >;
  issuer: PdfIssuer;
  billedTo: PdfParty;
  payments: { amount: number; method: string; receivedAt: Date }[];
  /** The workspace's payment instructions (bank details …), free text. */
  paymentInstructions: string | null;
  /** Invoices can be paid online: the instructions are then the alternative. */
  onlinePayment: boolean;
}

/** "VAT 20%": a rate as the invoice shows it. */
export const taxName = (label: string, ratePercent: number) => `${label} ${ratePercent}%`;

/** How to pay, as the invoice says it: online, by the instructions, or both. */
export function howToPay(input: Pick<InvoicePdfInput, 'paymentInstructions' | 'onlinePayment'>): string[] {
  const { paymentInstructions, onlinePayment } = input;
  if (onlinePayment && paymentInstructions)
    return ['Pay online with the link in your email, or:', paymentInstructions];
  if (onlinePayment) return ['Pay online with the link in your email.'];
  return paymentInstructions ? [paymentInstructions] : [];
}

/**
 * The invoice as a PDF, as a client's accountant expects it: the issuer's
 * legal name, address and tax id; the client's billing name, address and
 * tax id; the number, issue and due dates; the lines with their tax rate;
 * the totals per rate; paid and due; payments; notes; and how to pay.
 */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { invoice } = input;
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const page = new PdfPage(`Invoice ${invoice.number}`, input.issuer);
  page.header(input.issuer, 'INVOICE', [
    ['Invoice', invoice.number],
    ['Issued', pdfDay(invoice.issuedAt)],
    ['Due', pdfDay(invoice.dueDate)],
    ['Status', invoice.status.replace('_', ' ')],
  ]);
  page.party('Bill to', input.billedTo);
  page.table(
    ['Description', 'Qty', 'Unit price', 'Tax', 'Amount'],
    [0.08, 0.15, 0.13, 0.16],
    invoice.lineItems.map((line) => [
      line.description,
      String(line.quantity),
      money(line.unitAmount),
      taxName(line.taxLabel, line.taxRatePercent),
      money(line.amount),
    ]),
  );
  page.total('Subtotal', money(invoice.subtotal));
  for (const tax of invoice.taxLines)
    page.total(`${taxName(tax.label, tax.ratePercent)} on ${money(tax.taxableAmount)}`, money(tax.taxAmount));
  if (invoice.taxLines.length !== 1) page.total('Total tax', money(invoice.taxAmount));
  page.total('Total', money(invoice.total), true);
  page.total('Paid', money(invoice.amountPaid));
  page.total('Amount due', money(invoice.amountDue), true);

  if (input.payments.length)
    page.section(
      'Payments',
      input.payments.map(
        (payment) => `${pdfDay(payment.receivedAt)}  ${payment.method}  ${money(payment.amount)}`,
      ),
    );
  if (invoice.notes) page.section('Notes', [invoice.notes]);
  const pay = howToPay(input);
  if (pay.length && invoice.status !== 'PAID' && invoice.status !== 'VOID') page.section('How to pay', pay);
  return page.end();
}
