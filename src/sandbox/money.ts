// Panel money as fixed-point BigInt with 5 decimals (the precision `balance` uses, §1.7): the
// sandbox charges and refunds without float rounding drift.

const SCALE = 5;
const FACTOR = 10n ** BigInt(SCALE);

export function parseMoney(text: string): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new RangeError('not a decimal');
  const [, sign, whole = '', fraction = ''] = match;
  const units = BigInt(whole || '0') * FACTOR + BigInt(fraction.slice(0, SCALE).padEnd(SCALE, '0'));
  return sign === '-' ? -units : units;
}

export function formatMoney(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / FACTOR}.${(abs % FACTOR).toString().padStart(SCALE, '0')}`;
}

/** Price of `quantity` units at `rate` per 1000, rounded down to the scale. */
export const chargeFor = (rate: string, quantity: number): bigint => (parseMoney(rate) * BigInt(quantity)) / 1000n;
