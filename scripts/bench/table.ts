/** The results table: aligned text for the terminal, Markdown for RESULTS.md. */
import type { BenchRow } from "./types";

const HEADERS = ["#", "metric", "ours", "terraform poll", "confluent poll", "target", "met"];

function cells(row: BenchRow): string[] {
  const met = row.met === undefined ? "" : row.met ? "yes" : "NO";
  return [row.section, row.metric, row.ours, row.terraform ?? "", row.confluent ?? "", row.target ?? "", met];
}

export function textTable(rows: BenchRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(HEADERS), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function markdownTable(rows: BenchRow[]): string {
  const escape = (c: string): string => c.replace(/\|/g, "\\|");
  const line = (r: string[]): string => `| ${r.map(escape).join(" | ")} |`;
  return [line(HEADERS), line(HEADERS.map(() => "---")), ...rows.map((r) => line(cells(r)))].join("\n");
}
