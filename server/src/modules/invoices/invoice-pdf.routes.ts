import { Router } from 'express';
import type { AppContext } from '../../app-context';
import { viewerFromRequest } from '../../auth/request-viewer';
import { DomainError } from '../../projections/domain.errors';

/**
 * GET /invoices/<id>.pdf: for whoever may see the invoice through the API
 * (InvoiceService.byId: members of its workspace, contacts of its client,
 * never a draft to a contact), and with ?key= to whoever holds a key of that
 * invoice's emails while it works (InvoiceKeyService). Everyone else gets 404,
 * signed in or not; too many key lookups from one address, 429.
 */
export function invoicePdfRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/invoices/:file', async (req, res, next) => {
    /** With ?key=: the invoice that key opens, if it is this one (a key opens its own invoice's PDF only). */
    const byKey = async (invoiceId: string, key: string, ip: string) => {
      const grant = await context.services.invoiceKeys.grant(key, ip);
      return grant && grant.invoiceId === invoiceId ? context.services.invoiceKeys.invoiceOf(grant) : null;
    };
    const byViewer = async (invoiceId: string) => {
      const viewer = await viewerFromRequest(context, req, res);
      return viewer ? context.services.invoices.byId(viewer, invoiceId) : null;
    };
    try {
      const match = /^([0-9a-f-]{36})\.pdf$/i.exec(req.params.file);
      const key = typeof req.query.key === 'string' ? req.query.key : null;
      const invoice = !match
        ? null
        : key
          ? await byKey(match[1], key, req.ip ?? 'unknown')
          : await byViewer(match[1]);
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
      if (error instanceof DomainError && error.code === 'TOO_MANY_REQUESTS') {
        res.status(429).type('text/plain').send(error.message);
        return;
      }
      next(error);
    }
  });
  return router;
}
