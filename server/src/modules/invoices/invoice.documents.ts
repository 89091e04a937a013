import type { Queryable } from '../../db/queryable';
import { readBillingSettings } from '../billing/billing-settings.service';
import { renderInvoicePdf } from './invoice.pdf';
import { INVOICE_COLUMNS } from './invoice.service';
import type { Invoice } from './invoice.type';
import type { PdfIssuer, PdfParty } from './pdf.layout';
import { renderReceiptPdf } from './receipt.pdf';

/** What the documents read their files from: the workspace's logo. */
export interface LogoSource {
  read(key: string): Promise<Buffer | null>;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The workspace's logo when PDFKit can draw it (PNG or JPEG); a logo it cannot read leaves the PDF without one. */
async function readLogo(files: LogoSource, key: string | null): Promise<Buffer | null> {
  if (!key) return null;
  const bytes = await files.read(key).catch(() => null);
  if (!bytes) return null;
  const png = bytes.subarray(0, 8).equals(PNG);
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  return png || jpeg ? bytes : null;
}

/**
 * The PDFs of invoices and receipts, from the read models as they are now:
 * for the PDF route (whoever may see the invoice) and the email worker
 * (attachments). Every read names the invoice's own workspace and client.
 */
export class InvoiceDocuments {
  constructor(
    private readonly db: Queryable,
    private readonly files: LogoSource,
    /** Online payment is set up: the payment instructions are then the alternative. */
    private readonly onlinePayment: boolean,
  ) {}

  get onlinePaymentEnabled(): boolean {
    return this.onlinePayment;
  }

  async issuer(workspaceId: string): Promise<{ issuer: PdfIssuer; paymentInstructions: string | null }> {
    const [{ rows }, settings] = await Promise.all([
      this.db.query('SELECT company_name, accent_color, logo_key FROM workspaces WHERE id = $1', [
        workspaceId,
      ]),
      readBillingSettings(this.db, workspaceId),
    ]);
    const workspace = rows[0] ?? { company_name: '', accent_color: '', logo_key: null };
    return {
      issuer: {
        companyName: workspace.company_name,
        accentColor: workspace.accent_color,
        logo: await readLogo(this.files, workspace.logo_key),
        legalName: settings.profile.legalName ?? workspace.company_name,
        address: settings.profile.address,
        taxId: settings.profile.taxId,
      },
      paymentInstructions: settings.profile.paymentInstructions,
    };
  }

  async billedTo(workspaceId: string, clientId: string): Promise<PdfParty> {
    const { rows } = await this.db.query(
      'SELECT name, billing_name, billing_address, tax_id FROM clients WHERE id = $1 AND workspace_id = $2',
      [clientId, workspaceId],
    );
    const client = rows[0];
    return {
      name: client?.billing_name ?? client?.name ?? '',
      address: client?.billing_address ?? null,
      taxId: client?.tax_id ?? null,
    };
  }

  /** The invoice of that workspace, whatever its status (the caller decided who may see it). */
  async invoice(workspaceId: string, invoiceId: string): Promise<Invoice | null> {
    const { rows } = await this.db.query(
      `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 AND workspace_id = $2`,
      [invoiceId, workspaceId],
    );
    return rows[0] ?? null;
  }

  async invoicePdf(invoice: Invoice): Promise<Buffer> {
    const [{ issuer, paymentInstructions }, billedTo, { rows: payments }] = await Promise.all([
      this.issuer(invoice.workspaceId),
      this.billedTo(invoice.workspaceId, invoice.clientId),
      this.db.query(
        `SELECT amount::int AS amount, method, received_at AS "receivedAt" FROM invoice_payments
         WHERE invoice_id = $1 AND workspace_id = $2 ORDER BY received_at, id`,
        [invoice.id, invoice.workspaceId],
      ),
    ]);
    return renderInvoicePdf({
      invoice,
      issuer,
      billedTo,
      payments,
      paymentInstructions,
      onlinePayment: this.onlinePayment,
    });
  }

  /** The receipt of one payment of the invoice; null when the invoice has no such payment. */
  async receiptPdf(invoice: Invoice, paymentId: string): Promise<Buffer | null> {
    const [{ issuer }, receivedFrom, { rows: payments }] = await Promise.all([
      this.issuer(invoice.workspaceId),
      this.billedTo(invoice.workspaceId, invoice.clientId),
      this.db.query(
        `SELECT id, amount::int AS amount, method, received_at AS "receivedAt" FROM invoice_payments
         WHERE invoice_id = $1 AND workspace_id = $2 ORDER BY received_at, id`,
        [invoice.id, invoice.workspaceId],
      ),
    ]);
    const index = payments.findIndex((payment) => payment.id === paymentId);
    if (index < 0) return null;
    const paidToDate = payments.slice(0, index + 1).reduce((sum, payment) => sum + payment.amount, 0);
    return renderReceiptPdf({
      invoice,
      payment: payments[index],
      paidToDate,
      remaining: invoice.status === 'VOID' ? 0 : Math.max(0, invoice.total - paidToDate),
      issuer,
      receivedFrom,
    });
  }
}
