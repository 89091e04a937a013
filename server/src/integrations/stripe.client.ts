import type Stripe from 'stripe';

/** The SDK, loaded when a client is first made rather than with the API (about 15 MiB). */
function sdk(): typeof Stripe {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('stripe') as typeof Stripe & { default?: typeof Stripe };
  return loaded.default ?? loaded;
}

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
  const StripeSdk = sdk();
  return new StripeSdk(secretKey, options);
}

/** For webhooks only (signature checks need no key, the SDK wants one all the same). */
export function stripeWebhooks(): Stripe['webhooks'] {
  const StripeSdk = sdk();
  return new StripeSdk('sk_webhooks_only').webhooks;
}

/** Stripe refused the request as invalid (StripeInvalidRequestError), as the SDK's own class says. */
export function isStripeInvalidRequest(error: unknown): error is Error {
  return error instanceof sdk().errors.StripeInvalidRequestError;
}

/** A live key (sk_live_…, or a restricted rk_live_…) takes live events only; any other key, test events. */
export function isLiveKey(secretKey: string | null): boolean {
  return secretKey !== null && /^(sk|rk)_live_/.test(secretKey);
}
