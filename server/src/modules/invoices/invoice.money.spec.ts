import fc from 'fast-check';
import { divideRounded, formatMoney, lineAmount, minorDigits, requireCurrency, taxOf } from './invoice.money';

describe('invoice money', () => {
  it('rounds half away from zero, exactly, from the decimals as typed', () => {
    expect(lineAmount(1.005, 100, 'l')).toBe(101); // 100.5 → 101, though 1.005 * 100 is 100.49999… in floating point
    expect(lineAmount(2.5, 1, 'l')).toBe(3);
    expect(lineAmount(2.5, -1, 'l')).toBe(-3);
    expect(lineAmount(0.333333, 3, 'l')).toBe(1);
    expect(lineAmount(3, 12_500, 'l')).toBe(37_500);
    expect(taxOf(1000, 8.875, 't')).toBe(89); // 88.75 → 89
    expect(taxOf(-1000, 8.875, 't')).toBe(-89);
    expect(taxOf(12_345, 0, 't')).toBe(0);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    expect(divideRounded(4n, 10n)).toBe(0n);
  });

  it('refuses quantities with more than six decimals or in exponent notation', () => {
    expect(() => lineAmount(0.1234567, 1, 'input.lineItems.0')).toThrow(/input.lineItems.0.quantity/);
    expect(() => lineAmount(1e-7, 1, 'l')).toThrow(/decimals/);
  });

  it('is the nearest whole number to the exact product, ties away from zero, for any quantity and unit amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (scaled, scale, unit) => {
          const quantity = Number((scaled / 10 ** scale).toFixed(scale));
          const denominator = 10n ** BigInt(scale);
          const numerator = BigInt(Math.round(quantity * 10 ** scale)) * BigInt(unit); // the exact value is numerator / denominator
          const r = BigInt(lineAmount(quantity, unit, 'l'));
          const twiceError = 2n * (r * denominator - numerator); // 2 × (r − exact) × denominator
          const abs = (x: bigint) => (x < 0n ? -x : x);
          expect(abs(twiceError) <= denominator).toBe(true);
          if (abs(twiceError) === denominator) expect(r > 0n === numerator > 0n).toBe(true); // a tie went away from zero
        },
      ),
    );
  });

  it('checks currencies against ISO 4217 and formats by their minor unit', () => {
    expect(requireCurrency('usd', 'c')).toBe('USD');
    expect(() => requireCurrency('XYZ', 'input.currency')).toThrow(/input.currency/);
    expect(() => requireCurrency('US', 'c')).toThrow();
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
    expect(formatMoney(125_000, 'USD')).toBe('$1,250.00');
    expect(formatMoney(1200, 'JPY')).toBe('¥1,200');
    expect(formatMoney(-550, 'EUR')).toBe('-€5.50');
  });
});
