import { formatMoney } from '../invoices/invoice.money';
import { PdfPage, pdfDay, type PdfIssuer, type PdfParty } from '../invoices/pdf.layout';
import type { ClientStatementData } from './statement.service';

/** The statement as a PDF: the parties, every line with its running balance, and the balance per currency. */
export function renderStatementPdf(input: {
  statement: ClientStatementData;
  issuer: PdfIssuer;
  client: PdfParty;
}): Promise<Buffer> {
  const { statement } = input;
  const page = new PdfPage(`Statement for ${statement.clientName}`, input.issuer);
  page.header(input.issuer, 'STATEMENT', [['Date', pdfDay(statement.generatedAt)]]);
  page.party('Statement for', input.client);
  page.table(
    ['Description', 'Date', 'Charge', 'Credit', 'Balance'],
    [0.14, 0.15, 0.15, 0.16],
    statement.lines.map((line) => {
      const money = (amount: number) => (amount ? formatMoney(amount, line.currency) : '');
      return [
        line.description,
        pdfDay(line.date),
        money(line.charge),
        money(line.credit),
        formatMoney(line.balance, line.currency),
      ];
    }),
  );
  if (statement.balances.length === 0) page.section('Balance', ['Nothing has been invoiced yet.']);
  for (const balance of statement.balances) {
    const money = (amount: number) => formatMoney(amount, balance.currency);
    page.total(`Invoiced (${balance.currency})`, money(balance.invoiced));
    page.total('Paid', money(balance.paid));
    if (balance.voided) page.total('Voided', money(balance.voided));
    page.total(
      balance.balance < 0 ? 'In your favour' : 'Balance due',
      money(Math.abs(balance.balance)),
      true,
    );
  }
  return page.end();
}
