/**
 * Benchmark 3, preview:
 * - check + diff per resource: the provider's check and diff, in a fresh
 *   process, over the 100 deployed drafts of the fleet stack (their state
 *   inputs and outputs), local SQL check only, as a no-change preview calls
 *   them. Amortized = (provider load + all calls) ÷ resources, what one
 *   preview pays per draft.
 * - the wall time of a real no-change `pulumi preview` of that stack, with
 *   validation.preview "local" and with the default "server"
 *   (ValidateSqlStatement per draft).
 * - the local SQL check on 1 KB, 100 KB and 1 MB scripts.
 */
import * as path from "node:path";
import type { PulumiStack } from "../lib/pulumi-stack";
import type { CheckDiffTimes } from "./check-diff-child";
import { runInChild } from "./child";
import type { PulumiSession } from "./pulumi-session";
import type { SqlCheckTimes } from "./sql-check-child";
import { bytes, ms, seconds, type BenchContext, type BenchResult, type BenchRow } from "./types";

const TARGET_PER_RESOURCE_MS = 5;
const TARGET_PREVIEW_FLOOR_RATIO = 1.1;
/** The compared previews are the fastest of this many runs each. */
const PREVIEW_RUNS = 3;
const SQL_SIZES = [1024, 100 * 1024, 1024 * 1024];

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function runPreview(
  ctx: BenchContext,
  session: PulumiSession,
  stack: PulumiStack | undefined,
): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const data: Record<string, unknown> = {};

  if (stack) {
    const resources = (await stack.resources())
      .filter((r) => r.type.endsWith(":DeployedDraft") && r.id && r.inputs && r.outputs)
      .map((r) => ({ id: r.id ?? "", inputs: r.inputs ?? {}, outputs: r.outputs ?? {} }));
    ctx.progress(`preview: check + diff of ${resources.length} drafts in a fresh process`);
    const outcome = await runInChild<CheckDiffTimes>(
      path.join(__dirname, "check-diff-child.ts"),
      { resources },
      120_000,
    );
    if (!outcome.result) throw new Error(`check/diff measurement failed: ${outcome.error ?? "timed out"}`);
    const t = outcome.result;
    const perResource = t.checkMs.map((c, i) => c + t.diffMs[i]);
    const amortized = (t.loadMs + perResource.reduce((a, b) => a + b, 0)) / Math.max(1, perResource.length);
    // After the first call (which loads the SQL grammar): what each further draft costs.
    const steady = perResource.slice(1);
    data.checkDiff = { resources: resources.length, ...t };
    rows.push({
      section: "3 preview",
      metric: `check + diff per draft (${resources.length}, local SQL check)`,
      ours: `${ms(amortized)} amortized; after the first: ${mean(steady).toFixed(2)} ms mean, p95 ${percentile(steady, 95).toFixed(2)} ms; first ${ms(perResource[0] ?? 0)}`,
      target: `≤ ${TARGET_PER_RESOURCE_MS} ms`,
      met: amortized <= TARGET_PER_RESOURCE_MS,
    });
    rows.push({
      section: "3 preview",
      metric: "  of which check / diff (mean)",
      ours: `${mean(t.checkMs.slice(1)).toFixed(2)} ms / ${mean(t.diffMs.slice(1)).toFixed(2)} ms after the first; provider load ${ms(t.loadMs)}; ${t.changes} diffs with changes`,
    });

    await session.setRateLimit(null);
    const previewMs = async (target: PulumiStack, env: Record<string, string>): Promise<number> => {
      const started = performance.now();
      await target.run(["preview"], { check: true, env });
      return performance.now() - started;
    };
    const trivial = await session.trivialStack(`trivial-${resources.length}`, resources.length);
    await trivial.up(["--parallel", String(resources.length)], { check: true });
    // "default": the program exactly as deployed (validation.preview "server" by default): the
    // no-change preview of the target. "local" sets validation.preview, a knob, to "local".
    const wall: Record<"local" | "default" | "trivial", number[]> = { local: [], default: [], trivial: [] };
    for (let run = 0; run < PREVIEW_RUNS; run++) {
      // Interleaved, so that a busy moment of the machine does not fall on one side only.
      wall.default.push(await previewMs(stack, {}));
      wall.local.push(await previewMs(stack, { BENCH_PREVIEW: "local" }));
      wall.trivial.push(await previewMs(trivial, {}));
    }
    const best = (values: number[]): number => Math.min(...values);
    data.previewWallMs = wall;
    ctx.progress(
      `preview: pulumi preview default ${seconds(best(wall.default))}, local ${seconds(best(wall.local))}, trivial ${seconds(best(wall.trivial))}`,
    );
    for (const mode of ["default", "local"] as const) {
      const ratioToFloor = best(wall[mode]) / best(wall.trivial);
      rows.push({
        section: "3 preview",
        metric: `pulumi preview, no change, ${resources.length} drafts, ${mode === "default" ? "as deployed (validation.preview server)" : 'validation.preview set to "local"'} ÷ ${resources.length} trivial resources`,
        ours: `${seconds(best(wall[mode]))} / ${seconds(best(wall.trivial))} = ${ratioToFloor.toFixed(2)}× (${ms(best(wall[mode]) / Math.max(1, resources.length))}/draft)`,
        target: mode === "default" ? `≤ ${TARGET_PREVIEW_FLOOR_RATIO}×` : undefined,
        met: mode === "default" ? ratioToFloor <= TARGET_PREVIEW_FLOOR_RATIO : undefined,
      });
    }
  }

  const sqlTimes: SqlCheckTimes[] = [];
  for (const size of SQL_SIZES) {
    ctx.progress(`preview: local SQL check of ${bytes(size)}`);
    const timeoutMs = ctx.quick ? 60_000 : 180_000;
    const outcome = await runInChild<SqlCheckTimes>(
      path.join(__dirname, "sql-check-child.ts"),
      { bytes: size },
      timeoutMs,
    );
    if (outcome.result) {
      const t = outcome.result;
      sqlTimes.push(t);
      rows.push({
        section: "3 preview",
        metric: `local SQL check, ${bytes(t.bytes)} (${t.statements} statements)`,
        ours: `${ms(t.checkMs)} first, ${ms(t.warmCheckMs)} warm; normalize+hash ${ms(t.normalizeAndHashMs)}`,
      });
    } else {
      rows.push({
        section: "3 preview",
        metric: `local SQL check, ${bytes(size)}`,
        ours: outcome.timedOut ? `> ${seconds(timeoutMs)} (stopped)` : `failed: ${outcome.error ?? "?"}`,
      });
    }
  }
  data.sqlCheck = sqlTimes;

  return {
    name: "preview",
    rows,
    data,
    notes: [
      "check + diff: the provider's check(olds, news) and diff(id, outputs, checked) over every DeployedDraft of the deployed 100-draft stack (inputs and outputs from `pulumi stack export`), in a fresh Node process, news = the stored inputs with validation.preview \"local\" (the Flink grammar check, no server call). 'amortized' = (loading the provider + all calls) ÷ drafts, the target's measure; 'first' includes loading the SQL grammar.",
      `pulumi preview: the real CLI, rate limit off; "as deployed" is the program unchanged (the target's no-change preview), "local" changes only the knob validation.preview (which the engine passes to check, so it is not quite a no-change preview); against the engine's floor: the same preview of as many trivial dynamic resources (bench/programs/trivial, a provider that does nothing), in the same session; each the fastest of ${PREVIEW_RUNS} interleaved runs.`,
      "local SQL check: checkSyntax (the provider's Flink grammar check) of generated multi-table scripts (CREATE TEMPORARY TABLE pairs + one statement set of INSERTs), in a fresh process after loading the grammar; 'first' meets the statement shapes for the first time, 'warm' is the same script again.",
    ],
  };
}
