import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { isStripeInvalidRequest } from '../../integrations/stripe.client';
import type { RecordedEvent } from '../../event-store/event.types';
import type { Queryable } from '../../db/queryable';
import type { AsyncProcessor } from '../../projections/async-processor';
import type { InvoiceVoided, PaymentRecorded } from '../invoices/invoice.events';
import { checkoutSessions, type CheckoutSessionRow } from './checkout-session.service';

export const CHECKOUT_EXPIRY = 'checkout-expiry';

export interface CheckoutExpiryOptions {
  /** The Stripe SDK (aimed at STRIPE_API_URL when set); made on first use. */
  stripe: () => Stripe;
  logger?: Logger;
}

/**
 * Follows the log and expires, through Stripe's API, the Checkout sessions an
 * invoice no longer wants: on PaymentRecorded those made before that payment
 * (save the one that took it, which is complete), on InvoiceVoided all that
 * are open. Its writes to checkout_sessions commit with the checkpoint. Stripe
 * away (a 5xx, a timeout, a refused key) throws: nothing commits, and the
 * runner tries the batch again, so no expiry is lost; a retried expire carries
 * the same Idempotency-Key. Stripe answering that a session is not open (a
 * 4xx invalid request: paid or expired meanwhile) is final: the row is closed
 * with Stripe's words. A session paid all the same is recorded in full by the
 * webhook (PaymentExceededDue).
 */
/**
 * The open sessions an event makes stale: after a payment, those made before
 * it (the one that took it is marked complete first); after a void, all.
 */
async function staleSessions(event: RecordedEvent, db: Queryable): Promise<CheckoutSessionRow[]> {
  if (event.type === 'PaymentRecorded') {
    const { data } = event as RecordedEvent<PaymentRecorded>;
    if (data.checkoutSessionId)
      await checkoutSessions.close(db, data.workspaceId, data.checkoutSessionId, 'complete');
    return checkoutSessions.open(db, data, data.amountPaid);
  }
  const { data } = event as RecordedEvent<InvoiceVoided>;
  return checkoutSessions.open(db, data, null);
}

export function createCheckoutExpiry(options: CheckoutExpiryOptions): AsyncProcessor {
  return {
    name: CHECKOUT_EXPIRY,
    eventTypes: ['PaymentRecorded', 'InvoiceVoided'],
    batchSize: 50,
    async handle(events, db) {
      for (const event of events) {
        const { workspaceId, invoiceId } = event.data as { workspaceId: string; invoiceId: string };
        const stale = await staleSessions(event, db);
        for (const session of stale) {
          try {
            await options.stripe().checkout.sessions.expire(
              session.id,
              {},
              {
                idempotencyKey: `expire-${session.id}`,
                ...(session.stripeAccountId ? { stripeAccount: session.stripeAccountId } : {}),
              },
            );
            await checkoutSessions.close(db, workspaceId, session.id, 'expired');
            options.logger?.info(
              { checkoutSession: session.id, invoiceId, after: event.type, eventId: event.eventId },
              'checkout session expired',
            );
          } catch (error) {
            if (!isStripeInvalidRequest(error)) throw error;
            await checkoutSessions.close(db, workspaceId, session.id, 'closed', error.message);
            options.logger?.warn(
              { checkoutSession: session.id, invoiceId, err: error.message },
              'checkout session not expired: Stripe says it is no longer open',
            );
          }
        }
      }
    },
  };
}
