/** How many minor units a currency's major unit has (JPY 0, USD 2, KWD 3), as Intl knows it. */
export function decimalsOf(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** "1,250.5" in USD → 125050; null when it is not an amount of that currency (too many decimals, not a number). */
export function toMinor(text: string, currency: string): number | null {
  const cleaned = text.replace(/[\s,]/g, '');
  const decimals = decimalsOf(currency);
  const match = new RegExp(`^(-?)(\\d+)(?:\\.(\\d{0,${decimals}}))?$`).exec(cleaned);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const minor = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  return Number.isSafeInteger(minor) ? (sign ? -minor : minor) : null;
}

/** 125050 in USD → "1250.50": what the amount field shows. */
export function fromMinor(minor: number, currency: string): string {
  const decimals = decimalsOf(currency);
  return (minor / 10 ** decimals).toFixed(decimals);
}
