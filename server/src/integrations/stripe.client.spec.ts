import Stripe from 'stripe';
import { createStripeClient, isLiveKey, isStripeInvalidRequest, stripeWebhooks } from './stripe.client';

describe('the mode of a Stripe key', () => {
  it.each([
    ['sk_live_51Abc', true],
    ['rk_live_51Abc', true],
    ['sk_test_51Abc', false],
    ['rk_test_51Abc', false],
    ['pk_live_51Abc', false],
    ['xsk_live_1', false],
    [null, false],
  ])('%s is live: %s', (key, live) => {
    expect(isLiveKey(key)).toBe(live);
  });
});

describe('stripe.client: the SDK loaded when first used', () => {
  it('tells Stripe refusing a request as invalid from any other failure, by the SDK’s own class', () => {
    const refused = new Stripe.errors.StripeInvalidRequestError({ message: 'This session is not open' });
    expect(isStripeInvalidRequest(refused)).toBe(true);
    expect(isStripeInvalidRequest(new Stripe.errors.StripeConnectionError({ message: 'down' }))).toBe(false);
    expect(isStripeInvalidRequest(new Error('This session is not open'))).toBe(false);
    expect(isStripeInvalidRequest(null)).toBe(false);
  });

  it('makes clients and webhook checkers of the SDK, aimed where STRIPE_API_URL says', () => {
    const client = createStripeClient('sk_test_123', 'http://127.0.0.1:12111');
    expect(typeof client.checkout.sessions.expire).toBe('function');
    expect(client.getApiField('host')).toBe('127.0.0.1');
    expect(client.getApiField('port')).toBe('12111');
    expect(client.getApiField('protocol')).toBe('http');
    const header = stripeWebhooks().generateTestHeaderString({ payload: '{}', secret: 'whsec_x' });
    expect(stripeWebhooks().constructEvent('{}', header, 'whsec_x')).toEqual({});
  });
});
