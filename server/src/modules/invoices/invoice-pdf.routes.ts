import { Router } from 'express';
import type { AppContext } from '../../app-context';
import { viewerFromRequest } from '../../auth/request-viewer';
import { renderInvoicePdf } from './invoice.pdf';

/** The workspace's logo when PDFKit can draw it (PNG or JPEG); a logo it cannot read leaves the PDF without one. */
async function readLogo(context: AppContext, key: string | null): Promise<Buffer | null> {
  if (!key) return null;
  const bytes = await context.storage.read(key).catch(() => null);
  if (!bytes) return null;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  return png || jpeg ? bytes : null;
}

/**
 * GET /invoices/<id>.pdf: for whoever may see the invoice through the API
 * (InvoiceService.byId: members of its workspace, contacts of its client,
 * never a draft to a contact). Everyone else gets 404, signed in or not.
 */
export function invoicePdfRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/invoices/:file', async (req, res, next) => {
    try {
      const match = /^([0-9a-f-]{36})\.pdf$/i.exec(req.params.file);
      const viewer = match ? await viewerFromRequest(context, req, res) : null;
      const invoice = viewer && match ? await context.services.invoices.byId(viewer, match[1]) : null;
      if (!invoice) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      const [{ rows: workspace }, { rows: client }, { rows: payments }] = await Promise.all([
        context.pool.query('SELECT company_name, accent_color, logo_key FROM workspaces WHERE id = $1', [
          invoice.workspaceId,
        ]),
        context.pool.query('SELECT name FROM clients WHERE id = $1', [invoice.clientId]),
        context.pool.query(
          `SELECT amount::int AS amount, method, received_at AS "receivedAt" FROM invoice_payments
           WHERE invoice_id = $1 ORDER BY received_at, id`,
          [invoice.id],
        ),
      ]);
      const logo = await readLogo(context, workspace[0]?.logo_key ?? null);
      const pdf = await renderInvoicePdf({
        invoice,
        company: {
          name: workspace[0]?.company_name ?? '',
          accentColor: workspace[0]?.accent_color ?? '',
          logo,
        },
        clientName: client[0]?.name ?? '',
        payments,
      });
      res
        .status(200)
        .type('application/pdf')
        .setHeader('content-disposition', `inline; filename="${invoice.number}.pdf"`)
        .setHeader('cache-control', 'private, no-store')
        .send(pdf);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
