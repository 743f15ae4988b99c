/**
 * Which method speaks for the state-compatibility verdict, and how the two
 * are combined.
 *
 * - `PlanComparer` compiles the old and the new script with Flink's planner
 *   (flink-planner.ts, one JVM per provider process, started on the first
 *   SQL change that needs a verdict) and compares the plans
 *   (plan-comparison.ts). When there is no planner (no jar, no java,
 *   `ALICLOUD_FLINK_PLANNER=off`) or it cannot compile a script (a catalog or
 *   a user function it does not have), it says why, and the published rules
 *   speak alone.
 * - `combineVerdicts`: the plans decide what they see precisely (each
 *   query's stateful operators, their keys and state, its aggregates, new and
 *   deleted stateful queries, and so also whether "more than one item"
 *   changed, which the console gives up on); the published rules keep what
 *   plans do not show (engine version, dependencies, SET options, a WHERE
 *   before a stateful operator, a source table renamed, the console's checks
 *   of deleted and renamed sinks). Where the combined verdict
 *   differs from the rules' alone, a note says so: the plan wins.
 */
import { locateStatements } from "../../sql/split";
import { VERDICT_SEVERITY, type Verdict } from "../rules";
import { Script } from "../script";
import { MULTIPLE_ITEMS, type CompatibilityReason, type CompatibilityResult } from "../state-compatibility";
import {
  javaAvailable,
  locateJar,
  plannerSetting,
  startFlinkPlanner,
  type FlinkPlanner,
  type PlannerStatement,
} from "./flink-planner";
import { comparePlans } from "./plan-comparison";

export type CompatibilityMethod = "flink-plan" | "published-rules";

/** What the planner made of a change: its verdict, or why it did not judge. */
export type PlanJudgement = { result: CompatibilityResult; flinkVersion: string } | { unavailable: string };

export interface PlanComparer {
  /** Both scripts after `${var}` substitution. */
  compare(oldSql: string, newSql: string, mode: "STREAMING" | "BATCH"): Promise<PlanJudgement>;
}

/** No planner: the published rules alone (tests, and processes built without one). */
export const RULES_ONLY: PlanComparer = {
  compare: () => Promise.resolve({ unavailable: "no Flink planner is configured" }),
};

export interface PlanComparerOptions {
  /** Where the provider's notes go ("starting Flink's planner …"). */
  log?: (line: string) => void;
  /** A planner to use instead of starting the sidecar (tests). */
  start?: () => Promise<FlinkPlanner>;
}

/** The comparer the provider process uses, per `ALICLOUD_FLINK_PLANNER` (flink-planner.ts). */
export function planComparerFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: PlanComparerOptions = {},
): PlanComparer {
  const setting = plannerSetting(env);
  let planner: Promise<FlinkPlanner> | undefined;
  // A planner that failed once is not started again by this process: every later review
  // would wait for it in vain.
  let failed: string | undefined;
  const start = (): Promise<FlinkPlanner> => {
    if (options.start) return options.start();
    const located = locateJar(setting, env);
    if ("unavailable" in located) return Promise.reject(new Error(located.unavailable));
    if (!javaAvailable()) return Promise.reject(new Error("`java` (17 or later) is not on PATH"));
    options.log?.(
      `[alicloud-flink] starting Flink's planner (${located.jar}) for the state-compatibility review`,
    );
    return startFlinkPlanner({ jar: located.jar });
  };
  return {
    async compare(oldSql, newSql, mode) {
      if (setting.kind === "off" && !options.start) return { unavailable: "ALICLOUD_FLINK_PLANNER is off" };
      if (failed) return { unavailable: failed };
      try {
        planner ??= start();
        const flink = await planner;
        const [before, after] = await Promise.all([
          flink.compile(statementsOf(oldSql), mode),
          flink.compile(statementsOf(newSql), mode),
        ]);
        for (const [name, compiled] of [
          ["old", before],
          ["new", after],
        ] as const) {
          if (compiled.problems.length > 0)
            return {
              unavailable: `the planner could not compile the ${name} script (${compiled.problems[0]})`,
            };
        }
        const result = comparePlans(
          { script: new Script(oldSql), compiled: before },
          { script: new Script(newSql), compiled: after },
        );
        return { result, flinkVersion: flink.flinkVersion };
      } catch (err) {
        failed = err instanceof Error ? err.message : String(err);
        return { unavailable: failed };
      }
    },
  };
}

function statementsOf(sql: string): PlannerStatement[] {
  return locateStatements(sql).map((s) => ({ text: s.text, line: s.startLine, column: s.startColumn }));
}

/**
 * The reasons of the published rules that plans do not decide: the context
 * (engine, dependencies), SET options, WHERE clauses and source tables.
 */
function keptBesidePlans(reason: CompatibilityReason): boolean {
  if (reason.rule === "where" || reason.rule === "source" || reason.rule === "flinkTtl") return true;
  if (reason.operator === "SET") return true;
  // What the console makes of a deleted or renamed sink next to changed TEMPORARY TABLEs, or
  // with ignore-sink off, is its own check's business, not the operators'.
  if (reason.operator === "sink" && reason.verdict !== "compatible") return true;
  return reason.sink === undefined && !reason.message.includes(MULTIPLE_ITEMS);
}

/** The verdict to show: the rules alone, or the plans plus what the rules keep; and which method spoke. */
export function combineVerdicts(
  rules: CompatibilityResult,
  plan: PlanJudgement | undefined,
): CompatibilityResult & { method: CompatibilityMethod } {
  if (plan === undefined || "unavailable" in plan) {
    const notes = plan ? [...rules.notes, `Flink's planner did not judge: ${plan.unavailable}`] : rules.notes;
    return { ...rules, notes, method: "published-rules" };
  }
  const kept = rules.reasons.filter(keptBesidePlans);
  const reasons = [...kept, ...plan.result.reasons];
  let verdict: Verdict = "compatible";
  for (const r of reasons) if (VERDICT_SEVERITY[r.verdict] > VERDICT_SEVERITY[verdict]) verdict = r.verdict;
  const notes = [...rules.notes, ...plan.result.notes];
  if (verdict !== rules.verdict) {
    const overruled = rules.reasons.find((r) => !keptBesidePlans(r) && r.verdict === rules.verdict);
    notes.push(
      `the published rules alone say ${rules.verdict}${overruled ? ` (${overruled.message})` : ""}; ` +
        `Flink ${plan.flinkVersion}'s compiled plans decide the operators and their state, and are followed`,
    );
  }
  return { verdict, reasons, notes, method: "flink-plan" };
}
