import { formatMoney } from './invoice.money';
import { PdfPage, pdfDay, type PdfIssuer, type PdfParty } from './pdf.layout';

export interface ReceiptPdfInput {
  invoice: { number: string; currency: string; total: number; issuedAt: Date | null };
  payment: { id: string; amount: number; method: string; receivedAt: Date };
  /** Everything received on the invoice up to and with this payment. */
  paidToDate: number;
  /** What was still due after it (0 once paid, or on a voided invoice). */
  remaining: number;
  issuer: PdfIssuer;
  receivedFrom: PdfParty;
}

/** A payment's receipt: who received what from whom, when, how, for which invoice, and what is left. */
export function renderReceiptPdf(input: ReceiptPdfInput): Promise<Buffer> {
  const { invoice, payment } = input;
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const page = new PdfPage(`Receipt for invoice ${invoice.number}`, input.issuer);
  page.header(input.issuer, 'RECEIPT', [
    ['Invoice', invoice.number],
    ['Received', pdfDay(payment.receivedAt)],
    ['Receipt', payment.id.slice(0, 8).toUpperCase()],
  ]);
  page.party('Received from', input.receivedFrom);
  page.table(
    ['Payment', 'Method', 'Amount'],
    [0.2, 0.18],
    [
      [
        `Payment on invoice ${invoice.number} (issued ${pdfDay(invoice.issuedAt)})`,
        payment.method,
        money(payment.amount),
      ],
    ],
  );
  page.total('Invoice total', money(invoice.total));
  page.total('Paid to date', money(input.paidToDate));
  page.total('Still due', money(input.remaining), true);
  page.section('Thank you', [
    input.remaining > 0
      ? `${money(input.remaining)} of invoice ${invoice.number} is still due.`
      : `Invoice ${invoice.number} is paid in full.`,
  ]);
  return page.end();
}
