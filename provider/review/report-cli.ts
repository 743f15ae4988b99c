#!/usr/bin/env node
/**
 * alicloud-flink-review: turns `pulumi preview --json` output into the
 * Markdown of a pull-request comment (see report.ts).
 *
 *   pulumi preview --json > preview.json
 *   alicloud-flink-review preview.json > review.md
 *   pulumi preview --json | alicloud-flink-review --fail-on incompatible
 *
 * Reads the file named on the command line, or stdin. Writes the Markdown to
 * stdout. Exit codes: 0 done; 1 a review's verdict is at least as bad as
 * `--fail-on` (compatible < partially-compatible < unknown < incompatible);
 * 2 bad usage or unreadable input.
 */
import { readFileSync } from "fs";
import { renderReport, readPreview, worstVerdict } from "./report";
import { VERDICT_SEVERITY, type Verdict } from "./rules";

const USAGE =
  "usage: alicloud-flink-review [--fail-on <verdict>] [preview.json]   (reads stdin without a file)";

function isVerdict(v: string): v is Verdict {
  return Object.prototype.hasOwnProperty.call(VERDICT_SEVERITY, v);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: string[]): Promise<number> {
  let file: string | undefined;
  let failOn: Verdict | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const value = arg === "--fail-on" ? argv[++i] : arg.startsWith("--fail-on=") ? arg.slice(10) : undefined;
    if (value !== undefined) {
      if (!isVerdict(value)) {
        process.stderr.write(
          `--fail-on takes one of ${Object.keys(VERDICT_SEVERITY).join(", ")}\n${USAGE}\n`,
        );
        return 2;
      }
      failOn = value;
    } else if (arg.startsWith("-") && arg !== "-") {
      process.stderr.write(`unknown option ${arg}\n${USAGE}\n`);
      return 2;
    } else file = arg;
  }
  let input: string;
  try {
    input = file === undefined || file === "-" ? await readStdin() : readFileSync(file, "utf8");
  } catch (err) {
    process.stderr.write(
      `cannot read ${file ?? "stdin"}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 2;
  }
  const reading = readPreview(input);
  process.stdout.write(renderReport(reading));
  const worst = worstVerdict(reading.reviews);
  if (failOn !== undefined && worst !== undefined && VERDICT_SEVERITY[worst] >= VERDICT_SEVERITY[failOn]) {
    process.stderr.write(`state compatibility ${worst} (--fail-on ${failOn})\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
