import { Router } from 'express';
import type { AppContext } from '../../app-context';
import { viewerFromRequest } from '../../auth/request-viewer';
import { renderStatementPdf } from './statement.pdf';

/**
 * GET /clients/<id>/statement.pdf: for members of the client's workspace
 * (Bearer) and the client's own contacts (session cookie); 404 for anyone else.
 */
export function statementPdfRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/clients/:id/statement.pdf', async (req, res, next) => {
    try {
      const viewer = await viewerFromRequest(context, req, res);
      const statement = viewer ? await context.services.statements.forViewer(viewer, req.params.id) : null;
      if (!statement) {
        res.status(404).type('text/plain').send('Not found');
        return;
      }
      const documents = context.services.invoiceDocuments;
      const [{ issuer }, client] = await Promise.all([
        documents.issuer(statement.workspaceId),
        documents.billedTo(statement.workspaceId, statement.clientId),
      ]);
      const pdf = await renderStatementPdf({ statement, issuer, client });
      res
        .status(200)
        .type('application/pdf')
        .setHeader(
          'content-disposition',
          `inline; filename="Statement ${statement.generatedAt.toISOString().slice(0, 10)}.pdf"`,
        )
        .setHeader('cache-control', 'private, no-store')
        .send(pdf);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
