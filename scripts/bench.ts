/**
 * `npm run bench`: wait overhead, fleet scale, preview cost, state size and
 * emulator throughput, printed as one table (stdout), with targets and
 * whether each is met. Ratios are measured within one run; absolute times
 * depend on this machine (described at the top of the output).
 *
 *   tsx scripts/bench.ts [--quick] [--json FILE] [--markdown FILE] [--only wait,fleet,preview,state,emulator]
 *
 * Needs dist/ (`npm run build`) and the Pulumi CLI (scripts/ensure-pulumi.js).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { pulumiCli, REPO_ROOT } from "./lib/pulumi-stack";
import { staleDistWarning } from "./bench/dist-modules";
import { runEmulatorThroughput } from "./bench/emulator-throughput";
import { runFleet } from "./bench/fleet";
import { describeMachine, machineLine } from "./bench/machine";
import { runPreview } from "./bench/preview";
import { startPulumiSession } from "./bench/pulumi-session";
import { formatMarkdown, resultsMarkdown } from "./bench/results-markdown";
import { runStateSize } from "./bench/state-size";
import { textTable } from "./bench/table";
import type { BenchContext, BenchResult } from "./bench/types";
import { runWaitOverhead } from "./bench/wait-overhead";

const BENCHMARKS = ["wait", "fleet", "preview", "state", "emulator"] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

function parseOptions(): { quick: boolean; json?: string; markdown?: string; only: Set<BenchmarkName> } {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      json: { type: "string" },
      markdown: { type: "string" },
      only: { type: "string" },
    },
  });
  const only = new Set<BenchmarkName>();
  for (const name of (values.only ?? BENCHMARKS.join(",")).split(",").map((s) => s.trim())) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) {
      throw new Error(`--only: unknown benchmark "${name}"; choose from ${BENCHMARKS.join(", ")}`);
    }
    only.add(name as BenchmarkName);
  }
  return { quick: values.quick ?? false, json: values.json, markdown: values.markdown, only };
}

async function main(): Promise<void> {
  const options = parseOptions();
  // What the provider learns about durations persists between runs (a per-user cache file); the
  // benchmark starts from nothing, and its runs (in-process and each `pulumi up`) share what they learn.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-flink-bench-cache-"));
  process.env.PULUMI_ALICLOUD_FLINK_CACHE_DIR = cacheDir;
  process.on("exit", () => fs.rmSync(cacheDir, { recursive: true, force: true }));
  const stale = staleDistWarning();
  if (stale) process.stderr.write(`[bench] warning: ${stale}\n`);
  const started = Date.now();
  const ctx: BenchContext = {
    quick: options.quick,
    progress: (line) =>
      process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`),
  };
  const sdkVersion = (
    JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }
  ).version;
  const machine = describeMachine(pulumiCli().version, sdkVersion);
  const results: BenchResult[] = [];

  if (options.only.has("wait")) results.push(await runWaitOverhead(ctx));
  const needsStacks = options.only.has("fleet") || options.only.has("preview") || options.only.has("state");
  if (needsStacks) {
    const session = await startPulumiSession();
    try {
      // Preview and state measure the largest fleet's stack, so the fleet always runs first.
      const fleet = await runFleet(ctx, session);
      if (options.only.has("fleet")) results.push(fleet.result);
      if (options.only.has("preview")) results.push(await runPreview(ctx, session, fleet.largest));
      if (options.only.has("state")) results.push(await runStateSize(ctx, session, fleet.largest));
    } finally {
      await session.close();
    }
  }
  if (options.only.has("emulator")) results.push(await runEmulatorThroughput(ctx));

  const elapsedMs = Date.now() - started;
  const rows = results.flatMap((r) => r.rows);
  const mode = options.quick ? "quick" : "full";
  const loadAverageAtEnd = Math.round(os.loadavg()[0] * 100) / 100;
  process.stdout.write(
    `${machineLine(machine)}\nmode: ${mode}, ${(elapsedMs / 1000).toFixed(0)} s, load average ${loadAverageAtEnd} at end\n\n${textTable(rows)}\n`,
  );

  const report = { date: new Date().toISOString(), mode, elapsedMs, loadAverageAtEnd, machine, results };
  if (options.json) {
    fs.writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    ctx.progress(`wrote ${path.relative(REPO_ROOT, path.resolve(options.json))}`);
  }
  if (options.markdown) {
    fs.writeFileSync(options.markdown, await formatMarkdown(resultsMarkdown(report), options.markdown));
    ctx.progress(`wrote ${path.relative(REPO_ROOT, path.resolve(options.markdown))}`);
  }
  const missed = rows.filter((r) => r.met === false).length;
  ctx.progress(`${rows.filter((r) => r.met !== undefined).length - missed} targets met, ${missed} missed`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
