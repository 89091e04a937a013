import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../app-context';
import { sessionTokenFrom, setSessionCookie } from '../../auth/session-cookie';
import type { Viewer } from '../../auth/viewer';
import { renderInvoicePdf } from './invoice.pdf';

/** A member's bearer token, or else a contact's session cookie (as for /graphql). */
async function viewerOf(context: AppContext, req: Request, res: Response): Promise<Viewer | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return context.services.apiTokens.authenticate(bearer);
  const token = sessionTokenFrom(req.headers.cookie);
  if (!token) return null;
  const session = await context.services.contactSessions.authenticate(token);
  if (session?.renewed) setSessionCookie(res, token, context.config.PUBLIC_URL.startsWith('https:'));
  return session?.viewer ?? null;
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
      const viewer = match ? await viewerOf(context, req, res) : null;
      const invoice = viewer && match ? await context.services.invoices.byId(viewer, match[1]) : null;
      if (!invoice) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      const [{ rows: workspace }, { rows: client }, { rows: payments }] = await Promise.all([
        context.pool.query('SELECT company_name, accent_color FROM workspaces WHERE id = $1', [
          invoice.workspaceId,
        ]),
        context.pool.query('SELECT name FROM clients WHERE id = $1', [invoice.clientId]),
        context.pool.query(
          `SELECT amount::int AS amount, method, received_at AS "receivedAt" FROM invoice_payments
           WHERE invoice_id = $1 ORDER BY received_at, id`,
          [invoice.id],
        ),
      ]);
      const pdf = await renderInvoicePdf({
        invoice,
        company: { name: workspace[0]?.company_name ?? '', accentColor: workspace[0]?.accent_color ?? '' },
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
