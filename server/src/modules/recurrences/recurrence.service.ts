import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { EventStore } from '../../event-store/event-store';
import type { Actor } from '../../event-store/event.types';
import type { CommandContext, CommandHandler } from '../../projections/command-handler';
import { fold } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { linesAsInput } from '../invoices/invoice.content';
import { invoiceDecider, type InvoiceState } from '../invoices/invoice.decider';
import { invoiceStreamId, type InvoiceEvent } from '../invoices/invoice.events';
import { drawNumber, sendAudience } from '../invoices/invoice.service';
import { orUniqueViolation } from '../shared/unique-violation';
import { bad, isUuid } from '../shared/validation';
import {
  dueOccurrence,
  occurrenceDueDate,
  recurrenceDecider,
  type RecurrenceCommand,
  type TemplateFacts,
} from './recurrence.decider';
import { recurrenceStreamId, type RecurringInvoiceIssued } from './recurrence.events';
import type { RecurrenceInterval } from './recurrence.schedule';
import type { RecurringInvoice } from './recurrence.type';

/** Who issues the periods' invoices. */
export const RECURRING_ACTOR: Actor = { kind: 'SYSTEM', id: null, name: 'Recurring invoices' };

/** The most periods one run issues for one schedule (a worker down for long catches up over several runs). */
const MAX_PERIODS_PER_RUN = 100;

const COLUMNS = `id, workspace_id AS "workspaceId", client_id AS "clientId", project_id AS "projectId",
  template_invoice_id AS "templateInvoiceId", interval, every, start_date AS "startDate", end_date AS "endDate", count,
  send_automatically AS "sendAutomatically", due_in_days AS "dueInDays", status, ended_reason AS "endedReason",
  next_issue_at AS "nextIssueAt", issued_count AS "issuedCount"`;

export interface ScheduleInput {
  templateInvoiceId: string;
  interval: RecurrenceInterval;
  every?: number | null;
  startDate: Date;
  endDate?: Date | null;
  count?: number | null;
  sendAutomatically?: boolean | null;
  dueInDays?: number | null;
}

/** Recurring invoices: members schedule, pause, resume and end them; the worker's job issues their periods. */
export class RecurrenceService {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly commands: CommandHandler,
  ) {}

  async list(viewer: MemberViewer, projectId: string | null): Promise<RecurringInvoice[]> {
    if (projectId !== null && !isUuid(projectId)) return [];
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM recurring_invoices WHERE workspace_id = $1 AND ($2::uuid IS NULL OR project_id = $2)
       ORDER BY created_at, id`,
      [viewer.workspaceId, projectId],
    );
    return rows;
  }

  async byId(viewer: MemberViewer, id: string): Promise<RecurringInvoice | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM recurring_invoices WHERE id = $1 AND workspace_id = $2`,
      [id, viewer.workspaceId],
    );
    return rows[0] ?? null;
  }

  /** The invoices a schedule issued, by period. */
  async invoiceIds(recurrence: RecurringInvoice): Promise<string[]> {
    const { rows } = await this.pool.query(
      'SELECT invoice_id FROM recurring_invoice_periods WHERE recurrence_id = $1 AND workspace_id = $2 ORDER BY period',
      [recurrence.id, recurrence.workspaceId],
    );
    return rows.map((row) => row.invoice_id);
  }

  /** The template's state from its own stream, in the transaction; null when it is not an invoice of the workspace. */
  private async template(
    db: PoolClient,
    workspaceId: string,
    invoiceId: string,
  ): Promise<{ facts: TemplateFacts; state: InvoiceState } | null> {
    const state = fold(
      invoiceDecider,
      (await this.store.readStream(invoiceStreamId(invoiceId), db)) as unknown as InvoiceEvent[],
    );
    if (!state.scope || state.scope.workspaceId !== workspaceId) return null;
    return {
      state,
      facts: {
        invoiceId,
        number: state.scope.number,
        status: state.status,
        clientId: state.scope.clientId,
        projectId: state.scope.projectId,
        total: state.total,
        lineCount: state.lineItems.length,
      },
    };
  }

  async schedule(viewer: MemberViewer, input: ScheduleInput, requestId: string): Promise<RecurringInvoice> {
    if (!isUuid(input.templateInvoiceId))
      throw new DomainError('NOT_FOUND', 'invoice not found', 'input.templateInvoiceId');
    const recurrenceId = randomUUID();
    const command: Extract<RecurrenceCommand, { type: 'ScheduleRecurringInvoice' }> = {
      type: 'ScheduleRecurringInvoice',
      workspaceId: viewer.workspaceId,
      recurrenceId,
      template: null as unknown as TemplateFacts,
      interval: input.interval,
      every: input.every ?? 1,
      startDate: input.startDate,
      endDate: input.endDate ?? null,
      count: input.count ?? null,
      sendAutomatically: input.sendAutomatically ?? false,
      dueInDays: input.dueInDays ?? null,
    };
    await this.commands
      .handle(recurrenceStreamId(recurrenceId), recurrenceDecider, command, this.context(viewer, requestId), {
        prepare: async (db, cmd) => {
          // The template's row first: a send of it under way finishes (and the decider sees it SENT), or waits for this.
          await db.query('SELECT 1 FROM invoices WHERE id = $1 AND workspace_id = $2 FOR UPDATE', [
            input.templateInvoiceId,
            viewer.workspaceId,
          ]);
          const template = await this.template(db, viewer.workspaceId, input.templateInvoiceId);
          if (!template) throw new DomainError('NOT_FOUND', 'invoice not found', 'input.templateInvoiceId');
          return { ...cmd, template: template.facts };
        },
      })
      .catch(
        orUniqueViolation({
          recurring_invoices_live_template_key: bad(
            'input.templateInvoiceId',
            'this draft is the template of a recurring invoice already: end that one first',
          ),
        }),
      );
    return (await this.byId(viewer, recurrenceId))!;
  }

  private context(viewer: MemberViewer, requestId: string): CommandContext {
    return { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId };
  }

  private async change(
    viewer: MemberViewer,
    id: string,
    type: 'PauseRecurringInvoice' | 'ResumeRecurringInvoice' | 'EndRecurringInvoice',
    requestId: string,
  ): Promise<RecurringInvoice> {
    if (!(await this.byId(viewer, id)))
      throw new DomainError('NOT_FOUND', 'recurring invoice not found', 'id');
    await this.commands.handle(
      recurrenceStreamId(id),
      recurrenceDecider,
      { type },
      this.context(viewer, requestId),
    );
    return (await this.byId(viewer, id))!;
  }

  pause = (viewer: MemberViewer, id: string, requestId: string) =>
    this.change(viewer, id, 'PauseRecurringInvoice', requestId);
  resume = (viewer: MemberViewer, id: string, requestId: string) =>
    this.change(viewer, id, 'ResumeRecurringInvoice', requestId);
  end = (viewer: MemberViewer, id: string, requestId: string) =>
    this.change(viewer, id, 'EndRecurringInvoice', requestId);

  /**
   * Issues the one period of the schedule due at `now`, if one is: in one
   * transaction, the period (RecurringInvoiceIssued on the schedule's
   * stream, at the version read), its invoice numbered as usual
   * (InvoiceCreated, with InvoiceSent when the schedule sends), and its
   * number drawn only when a period is due. Two workers at once: one
   * appends; the other's append conflicts, everything it drew rolls back, and
   * deciding again it finds nothing due. Returns whether a period was issued.
   */
  async issueNext(recurrenceId: string, workspaceId: string, now: Date): Promise<boolean> {
    let template: { facts: TemplateFacts; state: InvoiceState } | null = null;
    let audience: Awaited<ReturnType<typeof sendAudience>> | null = null;
    const context: CommandContext = {
      actor: RECURRING_ACTOR,
      correlationId: `recurrence-${recurrenceId}-${now.toISOString()}`,
      tenantId: workspaceId,
    };
    const { events } = await this.commands.handle(
      recurrenceStreamId(recurrenceId),
      recurrenceDecider,
      { type: 'IssueRecurringInvoice', now, occurrence: null },
      context,
      {
        prepare: async (db, command, state) => {
          if (!state.scope || state.scope.workspaceId !== workspaceId || dueOccurrence(state, now) === null)
            return command;
          template = await this.template(db, workspaceId, state.scope.templateInvoiceId);
          if (!template)
            throw new Error(`the template of ${recurrenceId} is not an invoice of its workspace`);
          if (template.facts.status !== 'DRAFT')
            return {
              ...command,
              occurrence: { invoiceId: '', number: '', template: template.facts, audience: dummy },
            };
          audience = await sendAudience(db, { workspaceId, clientId: template.facts.clientId });
          return {
            ...command,
            occurrence: {
              invoiceId: randomUUID(),
              number: await drawNumber(db, workspaceId),
              template: template.facts,
              audience,
            },
          };
        },
        within: async (db, result) => {
          const issued = result.events.find((e) => e.type === 'RecurringInvoiceIssued') as
            { data: RecurringInvoiceIssued['data'] } | undefined;
          if (!issued || !template || !audience) return;
          const { data } = issued;
          const content = template.state;
          await this.commands.handleWithin(
            db,
            invoiceStreamId(data.invoiceId),
            invoiceDecider,
            {
              type: 'CreateInvoice',
              scope: {
                workspaceId,
                clientId: data.clientId,
                projectId: data.projectId,
                invoiceId: data.invoiceId,
              },
              number: data.number,
              currency: content.currency,
              lineItems: linesAsInput(content),
              taxRatePercent: content.taxRatePercent,
              taxLabel: content.taxLabel,
              dueDate: occurrenceDueDate(result.state.dueInDays, now),
              notes: content.notes,
            },
            context,
          );
          if (data.sent)
            await this.commands.handleWithin(
              db,
              invoiceStreamId(data.invoiceId),
              invoiceDecider,
              { type: 'SendInvoice', audience },
              context,
            );
        },
      },
    );
    return events.some((event) => event.type === 'RecurringInvoiceIssued');
  }

  /** Every period of the schedule due at `now`, one transaction each (a worker that was down catches up). */
  async issueDue(recurrenceId: string, workspaceId: string, now: Date): Promise<number> {
    let issued = 0;
    while (issued < MAX_PERIODS_PER_RUN && (await this.issueNext(recurrenceId, workspaceId, now))) issued++;
    return issued;
  }
}

/** No audience is read for a template that is no longer a draft: the schedule ends instead. */
const dummy = { clientName: '', clientArchived: false, portalEnabled: false };
