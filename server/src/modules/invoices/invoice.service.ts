import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Queryable } from '../../db/queryable';
import { actorOf, type MemberViewer, type Viewer } from '../../auth/viewer';
import { CONTACT_INVOICE_FILTER } from '../../graphql/invoice-visibility';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { isUuid } from '../shared/validation';
import {
  invoiceDecider,
  type InvoiceChanges,
  type InvoiceCommand,
  type SendAudience,
} from './invoice.decider';
import type { LineItemInput } from './invoice.content';
import { invoiceNumber, invoiceStreamId } from './invoice.events';
import type { Invoice } from './invoice.type';

export const INVOICE_COLUMNS = `id, workspace_id AS "workspaceId", client_id AS "clientId", project_id AS "projectId", number, status,
  currency, line_items AS "lineItems", tax_rate_percent AS "taxRatePercent", tax_label AS "taxLabel",
  tax_lines AS "taxLines", notes, subtotal::int, tax_amount::int AS "taxAmount", total::int, amount_paid::int AS "amountPaid",
  (CASE WHEN status = 'VOID' THEN 0 ELSE greatest(total - amount_paid, 0) END)::int AS "amountDue",
  amount_overpaid::int AS "amountOverpaid", reminders_enabled AS "remindersEnabled", issued_at AS "issuedAt", due_date AS "dueDate", paid_at AS "paidAt"`;

export interface CreateInvoiceInput {
  projectId: string;
  currency: string;
  lineItems: LineItemInput[];
  taxRatePercent?: number | null;
  taxLabel?: string | null;
  dueDate?: Date | null;
  notes?: string | null;
}

/** The next invoice number of a workspace, drawn under the counter row's lock: rolled back with the command. */
export async function drawNumber(db: PoolClient, workspaceId: string): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO invoice_number_counters AS c (workspace_id, last_number) VALUES ($1, 1)
     ON CONFLICT (workspace_id) DO UPDATE SET last_number = c.last_number + 1 RETURNING last_number`,
    [workspaceId],
  );
  return invoiceNumber(rows[0].last_number);
}

/** The client's and the portal's state for SendInvoice, locked for the command's transaction. */
export async function sendAudience(
  db: PoolClient,
  invoice: { workspaceId: string; clientId: string; invoiceId?: string },
): Promise<SendAudience> {
  const { rows } = await db.query(
    `SELECT cl.name AS "clientName", cl.archived AS "clientArchived", w.portal_enabled AS "portalEnabled",
       EXISTS (SELECT 1 FROM recurring_invoices r WHERE r.template_invoice_id = $3 AND r.status <> 'ENDED')
         AS "recurringTemplate"
     FROM clients cl JOIN workspaces w ON w.id = cl.workspace_id
     WHERE cl.id = $1 AND cl.workspace_id = $2 FOR SHARE OF cl, w`,
    [invoice.clientId, invoice.workspaceId, invoice.invoiceId ?? null],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'client not found', 'id');
  return rows[0];
}

/** Invoices, always within the viewer's workspace. */
export class InvoiceService {
  constructor(
    private readonly pool: Queryable,
    private readonly commands: CommandHandler,
    private readonly clock: () => Date,
    private readonly publicUrl: string,
  ) {}

  /** The PDF's address; with the key it was opened by, the key's own. */
  pdfUrl(invoice: Pick<Invoice, 'id'>, key: string | null): string {
    const base = `${this.publicUrl.replace(/\/$/, '')}/invoices/${invoice.id}.pdf`;
    return key ? `${base}?key=${key}` : base;
  }

  async slugOf(invoice: Pick<Invoice, 'workspaceId'>): Promise<string> {
    const { rows } = await this.pool.query('SELECT slug FROM workspaces WHERE id = $1', [
      invoice.workspaceId,
    ]);
    return rows[0].slug;
  }

  /** Sent, not fully paid, and past its due date, by the service's clock. */
  isOverdue(invoice: Pick<Invoice, 'status' | 'dueDate'>): boolean {
    const open = invoice.status === 'SENT' || invoice.status === 'PARTIALLY_PAID';
    return open && invoice.dueDate !== null && invoice.dueDate.getTime() < this.clock().getTime();
  }

  /** null when it does not exist or the viewer may not see it (contacts: their client's, never a draft). */
  async byId(viewer: Viewer, invoiceId: string): Promise<Invoice | null> {
    if (!isUuid(invoiceId)) return null;
    const { rows } = await this.pool.query(
      `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 AND workspace_id = $2
         AND ($3::uuid IS NULL OR client_id = $3) AND ${CONTACT_INVOICE_FILTER}`,
      [invoiceId, viewer.workspaceId, viewer.kind === 'CONTACT' ? viewer.clientId : null],
    );
    return rows[0] ?? null;
  }

  private async require(viewer: MemberViewer, invoiceId: string, field = 'id'): Promise<Invoice> {
    const invoice = await this.byId(viewer, invoiceId);
    if (!invoice) throw new DomainError('NOT_FOUND', 'invoice not found', field);
    return invoice;
  }

  private async run(
    viewer: MemberViewer,
    invoiceId: string,
    command: InvoiceCommand,
    requestId: string,
  ): Promise<Invoice> {
    await this.commands.handle(invoiceStreamId(invoiceId), invoiceDecider, command, {
      actor: actorOf(viewer),
      correlationId: requestId,
      tenantId: viewer.workspaceId,
    });
    return (await this.byId(viewer, invoiceId))!;
  }

  async create(viewer: MemberViewer, input: CreateInvoiceInput, requestId: string): Promise<Invoice> {
    const { rows } = isUuid(input.projectId)
      ? await this.pool.query('SELECT id, client_id FROM projects WHERE id = $1 AND workspace_id = $2', [
          input.projectId,
          viewer.workspaceId,
        ])
      : { rows: [] };
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'project not found', 'input.projectId');
    const invoiceId = randomUUID();
    const scope = {
      workspaceId: viewer.workspaceId,
      clientId: rows[0].client_id,
      projectId: rows[0].id,
      invoiceId,
    };
    await this.commands.handle(
      invoiceStreamId(invoiceId),
      invoiceDecider,
      {
        type: 'CreateInvoice',
        scope,
        number: '',
        currency: input.currency,
        lineItems: input.lineItems,
        taxRatePercent: input.taxRatePercent ?? 0,
        taxLabel: input.taxLabel ?? null,
        dueDate: input.dueDate ?? null,
        notes: input.notes ?? null,
      },
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
      { prepare: async (db, command) => ({ ...command, number: await drawNumber(db, viewer.workspaceId) }) },
    );
    return (await this.byId(viewer, invoiceId))!;
  }

  async update(viewer: MemberViewer, invoiceId: string, changes: InvoiceChanges, requestId: string) {
    await this.require(viewer, invoiceId);
    return this.run(viewer, invoiceId, { type: 'UpdateInvoice', changes }, requestId);
  }

  /**
   * DRAFT to SENT. Whether the email's links can lead anywhere (the client
   * not archived, the portal on) is read in the command's transaction, with a
   * share lock on the client and workspace rows: archiving the client or
   * turning the portal off meanwhile waits for the send, or makes it refuse.
   */
  async send(viewer: MemberViewer, invoiceId: string, requestId: string) {
    const invoice = await this.require(viewer, invoiceId);
    await this.commands.handle(
      invoiceStreamId(invoiceId),
      invoiceDecider,
      { type: 'SendInvoice', audience: { clientName: '', clientArchived: false, portalEnabled: true } },
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
      {
        prepare: async (db, command) => ({
          ...command,
          audience: await sendAudience(db, { ...invoice, invoiceId: invoice.id }),
        }),
      },
    );
    return (await this.byId(viewer, invoiceId))!;
  }

  async setReminders(viewer: MemberViewer, invoiceId: string, enabled: boolean, requestId: string) {
    await this.require(viewer, invoiceId);
    return this.run(viewer, invoiceId, { type: 'SetInvoiceReminders', enabled }, requestId);
  }

  async void(viewer: MemberViewer, invoiceId: string, reason: string | null, requestId: string) {
    await this.require(viewer, invoiceId);
    return this.run(viewer, invoiceId, { type: 'VoidInvoice', reason }, requestId);
  }

  async recordPayment(
    viewer: MemberViewer,
    invoiceId: string,
    payment: { amount: number; method: string; note: string | null },
    requestId: string,
  ) {
    await this.require(viewer, invoiceId, 'invoiceId');
    return this.run(
      viewer,
      invoiceId,
      { type: 'RecordPayment', paymentId: randomUUID(), ...payment },
      requestId,
    );
  }
}
