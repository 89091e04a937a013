import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { DoubleSession } from './stripe.double';

/** Stripe's own signing helper (no key is used to sign: the webhook secret is). */
const webhooks = new Stripe('sk_test_signing').webhooks;

export interface CompletedOptions {
  /** The connected account the event comes from (absent: the platform's own). */
  account?: string;
  livemode?: boolean;
  paymentIntent?: string | null;
}

export type PaidSession = Pick<
  DoubleSession,
  'id' | 'amount_total' | 'currency' | 'client_reference_id' | 'metadata'
> & { account?: string | null };

/** The checkout.session.completed Stripe sends for a session (of the double, say) once it is paid. */
export function checkoutCompleted(session: PaidSession, options: CompletedOptions = {}) {
  const account = options.account ?? session.account ?? undefined;
  return {
    id: `evt_${randomBytes(8).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    livemode: options.livemode ?? false,
    ...(account ? { account } : {}),
    data: {
      object: {
        id: session.id,
        object: 'checkout.session',
        payment_status: 'paid',
        status: 'complete',
        amount_total: session.amount_total,
        currency: session.currency,
        payment_intent:
          options.paymentIntent === undefined
            ? `pi_${randomBytes(8).toString('hex')}`
            : options.paymentIntent,
        client_reference_id: session.client_reference_id,
        metadata: session.metadata,
      },
    },
  };
}

/** POSTs an event to the API's webhook endpoint, signed with the webhook secret as Stripe signs it. */
export function deliverSigned(apiUrl: string, event: object, secret: string): Promise<Response> {
  const payload = JSON.stringify(event);
  return fetch(`${apiUrl}/webhooks/stripe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': webhooks.generateTestHeaderString({ payload, secret }),
    },
    body: payload,
  });
}
