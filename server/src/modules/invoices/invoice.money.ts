import { bad } from '../shared/validation';

/**
 * Money is an integer of the currency's minor unit. Quantities and tax rates
 * are decimals as the person typed them: they are read from their shortest
 * decimal text and multiplied exactly with BigInt, then rounded half away
 * from zero, so 1.005 × 100 is 101, never 100.
 */

/**
 * The largest amount, in minor units. The issue allows ±10^12, but the
 * contract carries money as GraphQL Int, which is 32-bit: a larger line or
 * total could be stored but never shown, so amounts stay within Int's range.
 */
export const MAX_AMOUNT = 2_147_483_647;
const MAX_DECIMALS = 6;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function requireCurrency(value: string, field: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !CURRENCIES.has(code))
    throw bad(field, `${JSON.stringify(value)} is not an ISO 4217 currency code`);
  return code;
}

/** The decimal a number was typed as: digits and scale, e.g. 1.25 → 125n, 2. */
function decimal(value: number, field: string): { digits: bigint; scale: number } {
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[3]?.length ?? 0) > MAX_DECIMALS)
    throw bad(field, `must have at most ${MAX_DECIMALS} decimals (got ${text})`);
  const fraction = match[3] ?? '';
  return { digits: BigInt(`${match[1]}${match[2]}${fraction}`), scale: fraction.length };
}

/** numerator / denominator, rounded half away from zero (denominator > 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -rounded : rounded;
}

/** quantity × unitAmount, rounded half away from zero. */
export function lineAmount(quantity: number, unitAmount: number, field: string): number {
  const q = decimal(quantity, `${field}.quantity`);
  return Number(divideRounded(q.digits * BigInt(unitAmount), 10n ** BigInt(q.scale)));
}

/** subtotal × rate / 100, rounded half away from zero. */
export function taxOf(subtotal: number, ratePercent: number, field: string): number {
  const rate = decimal(ratePercent, field);
  return Number(divideRounded(BigInt(subtotal) * rate.digits, 100n * 10n ** BigInt(rate.scale)));
}

export function requireAmount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_AMOUNT) {
    throw bad(field, `must be a whole number of minor units within ±${MAX_AMOUNT.toLocaleString('en-US')}`);
  }
  return value;
}

/** How many decimals the currency's minor unit has (JPY 0, USD 2, BHD 3). */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
    2
  );
}

/** "$1,250.00", "€80.00", "¥1,200": for summaries and emails. */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}
