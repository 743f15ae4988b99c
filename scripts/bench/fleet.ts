/**
 * Benchmark 2, fleet: `pulumi up` of N drafts in one stack against the
 * emulator with a rate limit, through the real CLI.
 *
 * lower bound = max(one draft's chain, accepted calls ÷ rate limit), where
 * the chain is validate + deploy + job start + the health gate: no schedule
 * can beat one draft's own waits or push the calls it made
 * faster than the limit. Throttled calls are reported but not in the bound
 * (they are waste the provider chose to make). `--parallel N` lifts the CLI's
 * own cap (default 4 × CPUs) so the provider, not the engine, is measured.
 * A `pulumi up` of one draft with instant tickets, minus its health gate,
 * gives the fixed cost (CLI, program, provider process), shown beside the ratio.
 */
import type { PulumiStack } from "../lib/pulumi-stack";
import type { TicketDurations } from "./emulator-admin";
import { providerSchema } from "./dist-modules";
import type { PulumiSession } from "./pulumi-session";
import { ratio, seconds, type BenchContext, type BenchResult, type BenchRow } from "./types";

export interface FleetRun {
  count: number;
  /** Requests per second per AccessKey; null = no limit. */
  rateLimit: number | null;
  wallMs: number;
  ok: boolean;
  calls: number;
  throttled: number;
  polls: number;
  deployments: number;
  lowerBoundMs: number;
  ratio: number;
  netRatio: number;
  error?: string;
}

export interface FleetOutcome {
  result: BenchResult;
  /** The largest fleet's stack, fully deployed, for the preview and state benchmarks. */
  largest?: PulumiStack;
}

const TARGET_RATIO = 1.3;
const COUNTS = [10, 50, 100];

export async function runFleet(ctx: BenchContext, session: PulumiSession): Promise<FleetOutcome> {
  const durations: Required<TicketDurations> = ctx.quick
    ? { validate: 1_000, deploy: 1_000, jobStart: 1_000 }
    : { validate: 2_000, deploy: 3_000, jobStart: 2_000 };
  // Every draft starts its job (jobState "RUNNING" by default) and holds the health gate.
  const healthGateMs = providerSchema().defaultOf("healthySeconds") * 1_000;
  const chainMs = durations.validate + durations.deploy + durations.jobStart + healthGateMs;
  const rateLimit = ctx.quick ? 100 : 50;
  // The rate-limited series is the target's. The series without a limit (full mode) shows how
  // the CLI and provider scale on their own. The rate-limited series runs last, so that its
  // largest stack stays deployed for the next benchmarks.
  const series: { rateLimit: number | null; counts: number[] }[] = ctx.quick
    ? [{ rateLimit, counts: COUNTS }]
    : [
        { rateLimit: null, counts: COUNTS },
        { rateLimit, counts: COUNTS },
      ];
  const rateLimits = series.map((s) => s.rateLimit);

  await session.resetService({ validate: 0, deploy: 0, jobStart: 0 }, null);
  const baseline = await session.fleetStack("fleet-baseline", { count: 1 });
  const baselineStarted = performance.now();
  await baseline.up([], { check: true });
  const fixedMs = Math.max(0, performance.now() - baselineStarted - healthGateMs);
  ctx.progress(`fleet: fixed cost ${seconds(fixedMs)}`);

  const runs: FleetRun[] = [];
  let largest: PulumiStack | undefined;
  for (const { rateLimit, counts } of series) {
    for (const count of counts) {
      await session.resetService(durations, rateLimit);
      const stack = await session.fleetStack(`fleet-${count}-${rateLimit ?? "unlimited"}`, { count });
      const started = performance.now();
      const outcome = await stack.up(["--parallel", String(count)]);
      const wallMs = performance.now() - started;
      await session.setRateLimit(null);
      const counted = session.proxy.counts();
      const deployments = Object.keys(session.emu.snapshot().deployments).length;
      const accepted = counted.total - counted.throttled;
      const lowerBoundMs = Math.max(chainMs, rateLimit === null ? 0 : (accepted / rateLimit) * 1000);
      const run: FleetRun = {
        count,
        rateLimit,
        wallMs,
        ok: outcome.code === 0 && deployments === count,
        calls: counted.total,
        throttled: counted.throttled,
        polls: counted.polls,
        deployments,
        lowerBoundMs,
        ratio: wallMs / lowerBoundMs,
        netRatio: Math.max(0, wallMs - fixedMs) / lowerBoundMs,
        error: outcome.code === 0 ? undefined : lastLines(outcome.output, 12),
      };
      runs.push(run);
      ctx.progress(
        `fleet: ${count} drafts, ${limitText(rateLimit)}: ${seconds(wallMs)} (bound ${seconds(lowerBoundMs)}, ${counted.total} calls, ${counted.throttled} throttled)${run.ok ? "" : " FAILED"}`,
      );
      if (count === COUNTS[COUNTS.length - 1]) {
        // A failed up leaves partial failures; the next up (no limit now) resumes them.
        if (!run.ok) await stack.up(["--parallel", String(count)], { check: true });
        largest = stack;
      }
    }
  }

  const rows: BenchRow[] = [
    {
      section: "2 fleet",
      metric: "fixed cost: up of 1 draft, instant tickets, minus health gate",
      ours: seconds(fixedMs),
    },
  ];
  for (const run of runs) {
    const label = `up ${run.count} drafts, ${limitText(run.rateLimit)}`;
    rows.push({
      section: "2 fleet",
      metric: `${label}: wall / lower bound`,
      ours: run.ok
        ? `${seconds(run.wallMs)} / ${seconds(run.lowerBoundMs)} = ${ratio(run.ratio)} (net of fixed ${ratio(run.netRatio)})`
        : `FAILED after ${seconds(run.wallMs)}: ${run.deployments}/${run.count} deployed`,
      // The target is about fleets under a rate limit; the unlimited series is for comparison.
      target: run.rateLimit === null ? undefined : `≤ ${TARGET_RATIO}×`,
      met: run.rateLimit === null ? undefined : run.ok && run.ratio <= TARGET_RATIO,
    });
    rows.push({
      section: "2 fleet",
      metric: `${label}: API calls`,
      ours: `${run.calls} (${(run.calls / run.count).toFixed(1)}/draft; ${run.polls} polls, ${run.throttled} throttled)`,
    });
  }
  for (const rateLimit of rateLimits) {
    const series = runs.filter((r) => r.rateLimit === rateLimit && r.ok);
    const first = series[0];
    const last = series[series.length - 1];
    if (first && last && last.count > first.count) {
      rows.push({
        section: "2 fleet",
        metric: `growth ${first.count} → ${last.count} drafts, ${limitText(rateLimit)}`,
        ours: `+${seconds((last.wallMs - first.wallMs) / (last.count - first.count))}/draft (${ratio(last.wallMs / first.wallMs)} wall for ${last.count / first.count}× drafts)`,
      });
    }
  }
  return {
    largest,
    result: {
      name: "fleet",
      rows,
      data: { durations, healthGateMs, chainMs, rateLimits, fixedCostMs: fixedMs, runs },
      notes: [
        `Each fleet: a fresh stack of bench/programs/fleet (N DeployedDrafts, small distinct SQL, default validation), \`pulumi up --skip-preview --parallel N\`, emulator tickets validate ${durations.validate} ms + deploy ${durations.deploy} ms, job start ${durations.jobStart} ms, then the provider's default ${healthGateMs / 1000} s health gate (one draft's chain: ${chainMs / 1000} s), ${rateLimits.map(limitText).join(" and ")} (Throttling.User beyond the limit, per AccessKey and 1 s window).`,
        "Lower bound = max(one draft's ticket chain, accepted API calls ÷ rate limit); calls counted by a proxy in front of the emulator (they include check's ValidateSqlStatement).",
        "'net of fixed' subtracts the fixed cost: the wall time of `pulumi up` of one draft with instant tickets and job start, minus its health gate (engine, language host, program, dynamic-provider process, SQL grammar warm-up).",
        "A failed rate-limited up is followed by an unlimited `pulumi up` that resumes it, so the later benchmarks get a deployed 100-draft stack.",
      ],
    },
  };
}

function limitText(rateLimit: number | null): string {
  return rateLimit === null ? "no rate limit" : `${rateLimit} req/s limit`;
}

function lastLines(text: string, n: number): string {
  return text.trim().split("\n").slice(-n).join("\n");
}
