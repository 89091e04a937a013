import PDFDocument from 'pdfkit';
import { safeColour } from '../emails/templates/email.layout';
import { formatMoney } from './invoice.money';
import type { Invoice } from './invoice.type';

export interface InvoicePdfInput {
  invoice: Pick<
    Invoice,
    | 'number'
    | 'status'
    | 'currency'
    | 'lineItems'
    | 'notes'
    | 'subtotal'
    | 'taxAmount'
    | 'total'
    | 'amountPaid'
    | 'amountDue'
    | 'issuedAt'
    | 'dueDate'
  >;
  /** logo: PNG or JPEG bytes (what PDFKit draws), or none. */
  company: { name: string; accentColor: string; logo?: Buffer | null };
  clientName: string;
  payments: { amount: number; method: string; receivedAt: Date }[];
}

const day = (date: Date | string | null) => (date ? new Date(date).toISOString().slice(0, 10) : '—');

/** The invoice as a PDF: the company's logo and name in its accent colour, lines, tax, totals, payments and status. */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { invoice, company } = input;
  const accent = safeColour(company.accentColor);
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${invoice.number}`, Author: company.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 50;
  const right = doc.page.width - 50;
  const width = right - left;
  doc.rect(0, 0, doc.page.width, 8).fill(accent);
  let top = 40;
  if (company.logo) {
    doc.image(company.logo, left, 24, { fit: [160, 48] });
    top = 84;
  }
  doc.fillColor(accent).font('Helvetica-Bold').fontSize(22).text(company.name, left, top);
  doc.fillColor('#222222').font('Helvetica').fontSize(11);
  doc.moveDown(0.5).text(`Invoice ${invoice.number}`, { continued: false });
  doc.text(`Status: ${invoice.status.replace('_', ' ')}`);
  doc.text(`Billed to: ${input.clientName}`);
  doc.text(`Issued: ${day(invoice.issuedAt)}    Due: ${day(invoice.dueDate)}`);
  doc.moveDown(1.5);

  const columns = {
    description: left,
    quantity: left + width * 0.55,
    unit: left + width * 0.68,
    amount: left + width * 0.84,
  };
  const row = (cells: [string, string, string, string], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    doc.text(cells[0], columns.description, y, { width: width * 0.53 });
    const after = doc.y;
    doc.text(cells[1], columns.quantity, y, { width: width * 0.12, align: 'right' });
    doc.text(cells[2], columns.unit, y, { width: width * 0.15, align: 'right' });
    doc.text(cells[3], columns.amount, y, { width: width * 0.16, align: 'right' });
    doc.x = left;
    doc.y = Math.max(after, doc.y) + 4;
  };
  row(['Description', 'Qty', 'Unit', 'Amount'], true);
  doc.moveTo(left, doc.y).lineTo(right, doc.y).strokeColor(accent).stroke();
  doc.y += 4;
  for (const line of invoice.lineItems)
    row([line.description, String(line.quantity), money(line.unitAmount), money(line.amount)]);
  doc.moveTo(left, doc.y).lineTo(right, doc.y).strokeColor('#cccccc').stroke();
  doc.y += 6;

  const total = (label: string, value: string, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    doc.text(label, columns.unit - 60, y, { width: width * 0.15 + 60, align: 'right' });
    doc.text(value, columns.amount, y, { width: width * 0.16, align: 'right' });
    doc.x = left;
    doc.y += 2;
  };
  total('Subtotal', money(invoice.subtotal));
  total('Tax', money(invoice.taxAmount));
  total('Total', money(invoice.total), true);
  total('Paid', money(invoice.amountPaid));
  total('Amount due', money(invoice.amountDue), true);

  if (input.payments.length) {
    doc.moveDown(1.5).font('Helvetica-Bold').fontSize(12).fillColor(accent).text('Payments', left);
    doc.fillColor('#222222').font('Helvetica').fontSize(10);
    for (const payment of input.payments)
      doc.text(`${day(payment.receivedAt)}  ${payment.method}  ${money(payment.amount)}`, left);
  }
  if (invoice.notes) {
    doc.moveDown(1.5).font('Helvetica-Bold').fontSize(12).fillColor(accent).text('Notes', left);
    doc.fillColor('#222222').font('Helvetica').fontSize(10).text(invoice.notes, left, undefined, { width });
  }
  doc.end();
  return done;
}
