import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { actorOf, type MemberViewer, type Viewer } from '../../auth/viewer';
import type { Actor } from '../../event-store/event.types';
import { createStripeClient, isLiveKey, type StripeSettings } from '../../integrations/stripe.client';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { invoiceDecider } from '../invoices/invoice.decider';
import { invoiceStreamId } from '../invoices/invoice.events';
import type { InvoiceKeyGrant } from '../invoices/invoice-access';
import type { InvoiceKeyService } from '../invoices/invoice-key.service';
import type { InvoiceService } from '../invoices/invoice.service';
import type { Invoice } from '../invoices/invoice.type';
import { isUuid } from '../shared/validation';
import { workspaceStreamId } from '../workspaces/workspace.events';
import { checkoutSessions } from './checkout-session.service';
import { stripeAccountDecider } from './stripe-account.decider';

export const ONLINE_PAYMENT_OFF = 'online payment is not set up for this workspace';
export const INVOICE_KEY_NOT_VALID =
  'this invoice link is unknown or no longer works: sign in to the portal to see your invoices';

/** Who records the payments Stripe tells of. */
export const STRIPE_ACTOR: Actor = { kind: 'SYSTEM', id: null, name: 'Stripe' };

/** The Stripe events that mean money arrived. */
export const PAYMENT_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
] as const;

export interface CheckoutSessionAnswer {
  url: string;
  expiresAt: Date;
}

/** What a webhook delivery came to (logged; the endpoint answers 200 for each). */
export type WebhookOutcome =
  | { result: 'recorded'; invoiceId: string; paymentId: string }
  | { result: 'duplicate'; invoiceId: string }
  | { result: 'ignored'; reason: string; invoiceId?: string }
  /** Not from the workspace's own account, or not in the key's mode: taken for nobody. */
  | { result: 'refused'; reason: string; account: string | null; livemode: boolean; invoiceId?: string };

export interface PaymentServiceOptions {
  pool: Pool;
  commands: CommandHandler;
  invoices: InvoiceService;
  invoiceKeys: InvoiceKeyService;
  stripe: StripeSettings;
  publicUrl: string;
  logger?: Logger;
}

/** Paying invoices online: Stripe Checkout sessions, the connected account, and Stripe's events. */
export class PaymentService {
  private client: Stripe | null = null;

  constructor(private readonly options: PaymentServiceOptions) {}

  /** Online payment is set up (a Stripe secret key is configured). */
  get enabled(): boolean {
    return this.options.stripe.secretKey !== null;
  }

  private stripe(field = 'id'): Stripe {
    const { secretKey, apiUrl } = this.options.stripe;
    if (!secretKey) throw new DomainError('BAD_USER_INPUT', ONLINE_PAYMENT_OFF, field);
    this.client ??= createStripeClient(secretKey, apiUrl);
    return this.client;
  }

  /** A Checkout Session for the amount due on an invoice the viewer may see. */
  async payInvoice(viewer: Viewer, invoiceId: string): Promise<CheckoutSessionAnswer> {
    const invoice = await this.options.invoices.byId(viewer, invoiceId);
    if (!invoice) throw new DomainError('NOT_FOUND', 'invoice not found', 'id');
    const slug = await this.options.invoices.slugOf(invoice);
    const billing = `${this.options.publicUrl}/p/${encodeURIComponent(slug)}/projects/${invoice.projectId}?tab=billing`;
    return this.checkout(invoice, {
      payer:
        viewer.kind === 'CONTACT' ? { contactId: viewer.contactId, email: viewer.email, keyId: null } : null,
      returnTo: (outcome) => `${billing}&checkout=${outcome}`,
      idempotencyKey: `invoice-${invoice.id}-due-${invoice.amountDue}`,
      field: 'id',
    });
  }

  /**
   * A Checkout Session for the invoice a key opens, for that key's contact.
   * Stripe sends the contact back to the invoice's page without the key (it
   * is a secret: it never goes to Stripe); the page keeps it for the tab.
   */
  async payInvoiceByKey(grant: InvoiceKeyGrant | null): Promise<CheckoutSessionAnswer> {
    if (!grant) throw new DomainError('NOT_FOUND', INVOICE_KEY_NOT_VALID, 'key');
    const invoice = await this.options.invoiceKeys.invoiceOf(grant);
    if (!invoice) throw new DomainError('NOT_FOUND', INVOICE_KEY_NOT_VALID, 'key');
    return this.checkout(invoice, {
      payer: { contactId: grant.contactId, email: grant.contactEmail, keyId: grant.keyId },
      returnTo: (outcome) =>
        `${this.options.publicUrl}/p/${encodeURIComponent(grant.slug)}/invoices/${invoice.id}?checkout=${outcome}`,
      idempotencyKey: `invoice-${invoice.id}-due-${invoice.amountDue}-contact-${grant.contactId}`,
      field: 'key',
    });
  }

  private async checkout(
    invoice: Invoice,
    how: {
      /** The contact who pays (their email prefills Checkout; their payment is theirs); null: a member. */
      payer: { contactId: string; email: string; keyId: string | null } | null;
      /** Where Stripe sends the payer back after paying or cancelling. */
      returnTo: (outcome: 'success' | 'cancelled') => string;
      idempotencyKey: string;
      field: string;
    },
  ): Promise<CheckoutSessionAnswer> {
    if (invoice.status !== 'SENT' && invoice.status !== 'PARTIALLY_PAID')
      throw new DomainError(
        'BAD_USER_INPUT',
        `invoice ${invoice.number} is ${invoice.status}: it takes no payment`,
        how.field,
      );
    if (invoice.amountDue <= 0)
      throw new DomainError('BAD_USER_INPUT', `invoice ${invoice.number} has nothing left to pay`, how.field);
    const stripe = this.stripe(how.field);
    const { rows } = await this.options.pool.query('SELECT stripe_account_id FROM workspaces WHERE id = $1', [
      invoice.workspaceId,
    ]);
    const workspace = rows[0];
    if (!workspace) throw new DomainError('NOT_FOUND', 'workspace not found');
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: invoice.currency.toLowerCase(),
              unit_amount: invoice.amountDue,
              product_data: { name: `Invoice ${invoice.number}` },
            },
          },
        ],
        client_reference_id: invoice.id,
        metadata: { invoiceId: invoice.id, workspaceId: invoice.workspaceId },
        payment_intent_data: { metadata: { invoiceId: invoice.id, workspaceId: invoice.workspaceId } },
        ...(how.payer ? { customer_email: how.payer.email } : {}),
        success_url: how.returnTo('success'),
        cancel_url: how.returnTo('cancelled'),
      },
      {
        idempotencyKey: how.idempotencyKey,
        ...(workspace.stripe_account_id ? { stripeAccount: workspace.stripe_account_id } : {}),
      },
    );
    if (!session.url) throw new Error(`Stripe answered checkout session ${session.id} without a url`);
    const expiresAt = new Date(session.expires_at * 1000);
    // Kept so that it can be expired should the invoice be paid another way or voided first.
    await checkoutSessions.remember(this.options.pool, {
      id: session.id,
      workspaceId: invoice.workspaceId,
      invoiceId: invoice.id,
      stripeAccountId: workspace.stripe_account_id ?? null,
      amount: invoice.amountDue,
      currency: invoice.currency,
      amountPaidBefore: invoice.amountPaid,
      expiresAt,
      contactId: how.payer?.contactId ?? null,
      invoiceKeyId: how.payer?.keyId ?? null,
    });
    return { url: session.url, expiresAt };
  }

  async connectedAccount(workspaceId: string): Promise<string | null> {
    const { rows } = await this.options.pool.query('SELECT stripe_account_id FROM workspaces WHERE id = $1', [
      workspaceId,
    ]);
    return rows[0]?.stripe_account_id ?? null;
  }

  /** Members: checkout sessions are made on this connected account from now on (null: the platform's). */
  async connectStripeAccount(
    viewer: MemberViewer,
    accountId: string | null,
    requestId: string,
  ): Promise<void> {
    await this.options.commands.handle(
      workspaceStreamId(viewer.workspaceId),
      stripeAccountDecider,
      { type: 'ConnectStripeAccount', accountId },
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
    );
  }

  /**
   * A verified Stripe event. It is taken only in the key's mode (livemode) and
   * from the account of the invoice's workspace (its connected account; none:
   * the platform's, with no `account`): anything else is refused. A paid
   * checkout session records one payment of `amount_total` on its invoice,
   * keyed by the payment intent (else the session): the invoice's decider
   * records a reference once, so redeliveries and a second event for the same
   * payment add nothing, and records it in full even above what is due.
   */
  async handleStripeEvent(event: Stripe.Event): Promise<WebhookOutcome> {
    if (!(PAYMENT_EVENT_TYPES as readonly string[]).includes(event.type))
      return { result: 'ignored', reason: `event type ${event.type} is not handled` };
    const account = event.account ?? null;
    const livemode = event.livemode === true;
    const refuse = (reason: string, invoiceId?: string): WebhookOutcome => ({
      result: 'refused',
      reason,
      account,
      livemode,
      ...(invoiceId ? { invoiceId } : {}),
    });
    if (event.livemode !== isLiveKey(this.options.stripe.secretKey))
      return refuse(`livemode ${String(event.livemode)} is not the mode of the secret key`);
    const session = event.data.object as Stripe.Checkout.Session;
    if (event.type === 'checkout.session.completed' && session.payment_status !== 'paid')
      return { result: 'ignored', reason: `payment_status is ${session.payment_status}` };
    const invoiceId = session.metadata?.invoiceId ?? session.client_reference_id ?? null;
    if (!invoiceId || !isUuid(invoiceId))
      return { result: 'ignored', reason: 'no invoice id on the session' };
    const { rows } = await this.options.pool.query(
      `SELECT i.id, i.workspace_id, i.currency, i.number, w.stripe_account_id
       FROM invoices i JOIN workspaces w ON w.id = i.workspace_id WHERE i.id = $1`,
      [invoiceId],
    );
    const invoice = rows[0];
    if (!invoice) return { result: 'ignored', reason: 'unknown invoice', invoiceId };
    const own: string | null = invoice.stripe_account_id ?? null;
    if (account !== own)
      return refuse(
        `account ${account ?? "the platform's"} is not the workspace's (${own ?? "the platform's"})`,
        invoiceId,
      );
    const workspaceId = session.metadata?.workspaceId;
    if (workspaceId && workspaceId !== invoice.workspace_id)
      return { result: 'ignored', reason: 'the session names another workspace', invoiceId };
    if ((session.currency ?? '').toUpperCase() !== String(invoice.currency).toUpperCase())
      return {
        result: 'ignored',
        reason: `currency ${session.currency} is not the invoice's ${invoice.currency}`,
        invoiceId,
      };
    const amount = session.amount_total;
    if (typeof amount !== 'number' || amount <= 0)
      return { result: 'ignored', reason: 'no amount_total on the session', invoiceId };
    const paymentIntent =
      typeof session.payment_intent === 'string'
        ? session.payment_intent
        : (session.payment_intent?.id ?? null);
    const reference = paymentIntent ?? session.id;
    const paymentId = randomUUID();
    try {
      const result = await this.options.commands.handle(
        invoiceStreamId(invoiceId),
        invoiceDecider,
        {
          type: 'RecordPayment',
          paymentId,
          amount,
          method: 'stripe',
          note: `Stripe ${paymentIntent ? `payment ${paymentIntent}, ` : ''}checkout session ${session.id}`,
          reference,
          checkoutSessionId: session.id,
        },
        {
          actor:
            (await checkoutSessions.payer(this.options.pool, invoice.workspace_id, session.id)) ??
            STRIPE_ACTOR,
          correlationId: event.id,
          tenantId: invoice.workspace_id,
        },
      );
      return result.events.length
        ? { result: 'recorded', invoiceId, paymentId }
        : { result: 'duplicate', invoiceId };
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'CONFLICT')
        return { result: 'ignored', reason: error.message, invoiceId };
      throw error;
    }
  }
}
