/**
 * Query parameters arrive through Express's `qs` parser, which turns `a[b]=1`
 * into an object and `a=1&a=2` into an array. Only a plain string may reach
 * Number() or String(): an object's own `toString` key makes both throw.
 */
export const queryString = (raw: unknown): string | undefined => (typeof raw === 'string' ? raw : undefined);

/** An integer query parameter clamped to [min, max]; the fallback when absent, not one string, or not a number. */
export function queryInt(raw: unknown, fallback: number, min: number, max: number): number {
  const n = typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isFinite(n) && n !== 0 ? Math.min(Math.max(Math.trunc(n), min), max) : fallback;
}
