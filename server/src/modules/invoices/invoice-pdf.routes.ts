import { Router } from 'express';
import type { AppContext } from '../../app-context';
import { viewerFromRequest } from '../../auth/request-viewer';

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
      const pdf = await context.services.invoiceDocuments.invoicePdf(invoice);
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
