/** What every benchmark module returns and what the runner prints. */

/** One line of the results table. Anchor columns are filled only where the anchors' polling applies. */
export interface BenchRow {
  /** "1 wait", "2 fleet", ... */
  section: string;
  metric: string;
  ours: string;
  /** Same measurement with the alicloud Terraform job resource's poll settings. */
  terraform?: string;
  /** Same measurement with the Confluent Flink statement resource's poll settings. */
  confluent?: string;
  /** The target, in words, e.g. "≤ 250 ms". */
  target?: string;
  /** Whether the target is met; undefined for rows without a target. */
  met?: boolean;
}

export interface BenchResult {
  name: string;
  rows: BenchRow[];
  /** Raw measurements for --json. */
  data: Record<string, unknown>;
  /** What exactly was measured, for RESULTS.md. */
  notes: string[];
}

export interface BenchContext {
  quick: boolean;
  /** Progress lines (stderr), so stdout stays the table. */
  progress(line: string): void;
}

export function ms(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function seconds(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MiB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${value} B`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** The p-th percentile (nearest rank) of some values; 0 when there are none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
