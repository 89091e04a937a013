import type { Pool } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { isUuid } from '../shared/validation';
import { statementOf, type StatementBalance, type StatementLine } from './statement.lines';

export interface ClientStatementData {
  clientId: string;
  workspaceId: string;
  clientName: string;
  generatedAt: Date;
  lines: StatementLine[];
  balances: StatementBalance[];
}

/**
 * A client's statement: every invoice sent to it and every payment, with the
 * balance. Members of its workspace, and the client's own contacts; anyone
 * else gets null. (Drafts are nobody's debt and never on it.)
 */
export class StatementService {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
    /** PUBLIC_URL, for the PDF's address. */
    readonly publicUrl: string,
  ) {}

  async forViewer(viewer: Viewer, clientId: string): Promise<ClientStatementData | null> {
    if (!isUuid(clientId)) return null;
    if (viewer.kind === 'CONTACT' && viewer.clientId !== clientId) return null;
    const { rows: clients } = await this.pool.query(
      'SELECT id, name, billing_name FROM clients WHERE id = $1 AND workspace_id = $2',
      [clientId, viewer.workspaceId],
    );
    const client = clients[0];
    if (!client) return null;
    const [{ rows: invoices }, { rows: payments }] = await Promise.all([
      this.pool.query(
        `SELECT id, number, currency, total::int AS total, issued_at AS "issuedAt", voided_at AS "voidedAt"
         FROM invoices WHERE workspace_id = $1 AND client_id = $2 AND issued_at IS NOT NULL ORDER BY issued_at, id`,
        [viewer.workspaceId, clientId],
      ),
      this.pool.query(
        `SELECT p.invoice_id AS "invoiceId", p.amount::int AS amount, p.method, p.received_at AS "receivedAt"
         FROM invoice_payments p JOIN invoices i ON i.id = p.invoice_id AND i.workspace_id = p.workspace_id
         WHERE p.workspace_id = $1 AND i.client_id = $2 ORDER BY p.received_at, p.id`,
        [viewer.workspaceId, clientId],
      ),
    ]);
    const statement = statementOf(
      invoices.map((invoice) => ({
        ...invoice,
        payments: payments.filter((payment) => payment.invoiceId === invoice.id),
      })),
    );
    return {
      clientId,
      workspaceId: viewer.workspaceId,
      clientName: client.billing_name ?? client.name,
      generatedAt: this.clock(),
      ...statement,
    };
  }
}
