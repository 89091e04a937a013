import Stripe from 'stripe';

export interface StripeSettings {
  secretKey: string | null;
  webhookSecret: string | null;
  /** STRIPE_API_URL: Stripe's base address (a double, stripe-mock); null: Stripe's own. */
  apiUrl: string | null;
}

export function stripeSettingsOf(config: {
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_API_URL?: string;
}): StripeSettings {
  return {
    secretKey: config.STRIPE_SECRET_KEY ?? null,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET ?? null,
    apiUrl: config.STRIPE_API_URL ?? null,
  };
}

/** The Stripe SDK, aimed at STRIPE_API_URL when it is set. */
export function createStripeClient(secretKey: string, apiUrl: string | null): Stripe {
  const options: Stripe.StripeConfig = { maxNetworkRetries: 1, timeout: 10_000 };
  if (apiUrl) {
    const url = new URL(apiUrl);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    options.host = url.hostname;
    options.port = url.port || (protocol === 'http' ? 80 : 443);
    options.protocol = protocol;
  }
  return new Stripe(secretKey, options);
}

/** For webhooks only (signature checks need no key, the SDK wants one all the same). */
export function stripeWebhooks(): Stripe['webhooks'] {
  return new Stripe('sk_webhooks_only').webhooks;
}

/** A live key (sk_live_…, or a restricted rk_live_…) takes live events only; any other key, test events. */
export function isLiveKey(secretKey: string | null): boolean {
  return secretKey !== null && /^(sk|rk)_live_/.test(secretKey);
}
