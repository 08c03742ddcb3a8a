/** Pure order arithmetic, in integer minor units. */
export interface LineInput {
  quantity: number;
  unitPrice: number;
  discount?: number;
  cost?: number | null;
}

export function lineAmount(l: LineInput): number {
  return l.quantity * l.unitPrice - (l.discount ?? 0);
}

export function orderTotals(lines: LineInput[]): { total: number; costTotal: number | null } {
  const total = lines.reduce((s, l) => s + lineAmount(l), 0);
  const costs = lines.map((l) => (l.cost == null ? null : l.cost * l.quantity));
  return { total, costTotal: costs.every((c) => c !== null) ? costs.reduce((s, c) => s + (c ?? 0), 0) : null };
}

/** Average days between consecutive purchases, or null with fewer than two. */
export function averageIntervalDays(dates: Date[]): number | null {
  if (dates.length < 2) return null;
  const sorted = dates.map((d) => d.getTime()).sort((a, b) => a - b);
  return Math.round(((sorted[sorted.length - 1] - sorted[0]) / (sorted.length - 1) / 86400_000) * 10) / 10;
}

/** How many of a sale line may still be returned. */
export function returnable(sold: number, alreadyReturned: number): number {
  return Math.max(0, sold - alreadyReturned);
}

/** The largest amount in minor units that JavaScript and bigint both hold exactly (2^53 − 1). */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;
