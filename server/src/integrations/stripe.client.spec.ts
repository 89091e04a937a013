import { isLiveKey } from './stripe.client';

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
