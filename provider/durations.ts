/**
 * Durations as users write them in `timeouts` and `lockWaitTimeout`: a
 * Go-style sequence of number+unit, e.g. "90s", "20m", "1h30m", "500ms".
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** Milliseconds of a duration string; throws on anything `isDuration` rejects. */
export function parseDurationMs(text: string): number {
  if (!isDuration(text)) {
    throw new Error(`"${text}" is not a duration such as "90s", "20m" or "1h30m"`);
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
}
