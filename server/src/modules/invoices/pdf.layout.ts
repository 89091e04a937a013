import type PDFDocumentClass from 'pdfkit';
import { safeColour } from '../emails/templates/email.layout';

/** Who a document is from, as an accountant reads it: the brand and the legal particulars. */
export interface PdfIssuer {
  companyName: string;
  accentColor: string;
  /** PNG or JPEG bytes (what PDFKit draws), or none. */
  logo?: Buffer | null;
  /** The legal name (the company name when none is set). */
  legalName: string;
  address: string | null;
  taxId: string | null;
}

/** Whom a document is addressed to. */
export interface PdfParty {
  name: string;
  address: string | null;
  taxId: string | null;
}

export const pdfDay = (date: Date | string | null) =>
  date ? new Date(date).toISOString().slice(0, 10) : '—';

const INK = '#222222';
const MUTED = '#555555';
const MARGIN = 50;

/**
 * A PDFKit page set up the house way (A4, 50 pt margins), with helpers that
 * keep every block on the page: the issuer's header, the parties, a table of
 * right-aligned columns, a column of totals, and titled sections.
 */
export class PdfPage {
  readonly doc: PDFKit.PDFDocument;
  readonly left = MARGIN;
  readonly right: number;
  readonly width: number;
  readonly accent: string;
  private readonly done: Promise<Buffer>;

  constructor(title: string, issuer: PdfIssuer) {
    this.accent = safeColour(issuer.accentColor);
    // pdfkit and its fonts are loaded with the first PDF, not with the API (about 20 MiB).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const PDFDocument = require('pdfkit') as typeof PDFDocumentClass;
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: { Title: title, Author: issuer.legalName },
    });
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.right = this.doc.page.width - MARGIN;
    this.width = this.right - this.left;
  }

  /** A new page when fewer than `space` points are left on this one. */
  keep(space: number): void {
    if (this.doc.y + space > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  /**
   * The accent band, the logo and company name, the issuer's legal
   * particulars on the left and the document's facts (kind, number, dates)
   * on the right.
   */
  header(issuer: PdfIssuer, kind: string, facts: [string, string][]): void {
    const { doc, left } = this;
    doc.rect(0, 0, doc.page.width, 8).fill(this.accent);
    let top = 40;
    if (issuer.logo) {
      doc.image(issuer.logo, left, 24, { fit: [160, 48] });
      top = 84;
    }
    doc.fillColor(this.accent).font('Helvetica-Bold').fontSize(22).text(issuer.companyName, left, top);
    const below = doc.y + 6;
    const half = this.width / 2 - 10;
    doc
      .fillColor(INK)
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(issuer.legalName, left, below, { width: half });
    doc.font('Helvetica').fillColor(MUTED);
    if (issuer.address) doc.text(issuer.address, left, undefined, { width: half });
    if (issuer.taxId) doc.text(`Tax ID: ${issuer.taxId}`, left, undefined, { width: half });
    const leftEnd = doc.y;

    const x = left + this.width / 2 + 10;
    doc
      .fillColor(this.accent)
      .font('Helvetica-Bold')
      .fontSize(16)
      .text(kind, x, below, { width: half, align: 'right' });
    doc.fillColor(INK).fontSize(10);
    for (const [label, value] of facts) {
      doc
        .font('Helvetica')
        .text(`${label}: `, x, undefined, { width: half, align: 'right', continued: true });
      doc.font('Helvetica-Bold').text(value);
    }
    doc.x = left;
    doc.y = Math.max(leftEnd, doc.y) + 16;
  }

  /** "Bill to" and the client's billing name, address and tax id. */
  party(title: string, party: PdfParty): void {
    const { doc, left } = this;
    this.keep(80);
    doc.fillColor(this.accent).font('Helvetica-Bold').fontSize(10).text(title, left);
    doc
      .fillColor(INK)
      .font('Helvetica-Bold')
      .text(party.name, { width: this.width / 2 });
    doc.font('Helvetica').fillColor(MUTED);
    if (party.address) doc.text(party.address, { width: this.width / 2 });
    if (party.taxId) doc.text(`Tax ID: ${party.taxId}`, { width: this.width / 2 });
    doc.fillColor(INK);
    doc.moveDown(1.2);
  }

  /**
   * A table: the first column takes what the others leave; the others are
   * right-aligned, as wide as `widths` (fractions of the page's width).
   */
  table(head: string[], widths: number[], rows: string[][]): void {
    const { doc, left } = this;
    const rest = widths.reduce((sum, w) => sum + w, 0);
    const first = this.width * (1 - rest) - 8;
    const xs: number[] = [];
    let x = left + first + 8;
    for (const w of widths) {
      xs.push(x);
      x += this.width * w;
    }
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
      const height = Math.max(
        doc.heightOfString(cells[0], { width: first }),
        ...cells.slice(1).map((cell, i) => doc.heightOfString(cell, { width: this.width * widths[i] - 4 })),
      );
      this.keep(height + 8);
      const y = doc.y;
      doc.text(cells[0], left, y, { width: first });
      cells.slice(1).forEach((cell, i) => {
        doc.text(cell, xs[i], y, { width: this.width * widths[i] - 4, align: 'right' });
      });
      doc.x = left;
      doc.y = y + height + 4;
    };
    doc.fillColor(INK);
    row(head, true);
    doc.moveTo(left, doc.y).lineTo(this.right, doc.y).strokeColor(this.accent).stroke();
    doc.y += 4;
    for (const cells of rows) row(cells, false);
    doc.moveTo(left, doc.y).lineTo(this.right, doc.y).strokeColor('#cccccc').stroke();
    doc.y += 6;
  }

  /** Label and value, right-aligned under the table's last columns. */
  total(label: string, value: string, bold = false): void {
    const { doc } = this;
    this.keep(16);
    const y = doc.y;
    const valueWidth = this.width * 0.18;
    const labelWidth = this.width * 0.5;
    doc
      .fillColor(INK)
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10);
    doc.text(label, this.right - valueWidth - labelWidth - 8, y, { width: labelWidth, align: 'right' });
    doc.text(value, this.right - valueWidth, y, { width: valueWidth, align: 'right' });
    doc.x = this.left;
    doc.y = Math.max(doc.y, y + 12) + 2;
  }

  /** A titled block of text (notes, how to pay). */
  section(title: string, lines: string[]): void {
    const { doc, left } = this;
    this.keep(60);
    doc.moveDown(1.2).fillColor(this.accent).font('Helvetica-Bold').fontSize(12).text(title, left);
    doc.fillColor(INK).font('Helvetica').fontSize(10);
    for (const line of lines) doc.text(line, left, undefined, { width: this.width });
  }

  end(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
