// The state-compatibility verdict table (tests/corpus/state-compatibility-pairs.ts)
// through Apache Flink's own planner: every old/new pair is compiled by the
// sidecar (the provider's client, provider/review/planner) and compared plan to
// plan, then combined with the published rules as the review does. Prints how
// often the plans agree with the table; every disagreement must be listed below
// with why, so a new one (or one that went away) fails the suite.
// Skipped when Java or the jar is missing (`node scripts/ensure-sidecar.js`).
import * as assert from "assert";
import {
  combineVerdicts,
  planComparerFromEnv,
  type PlanComparer,
} from "../../provider/review/planner/plan-judgement";
import { startFlinkPlanner, type FlinkPlanner } from "../../provider/review/planner/flink-planner";
import { checkStateCompatibility, type Verdict } from "../../provider/review/state-compatibility";
import { CASES, DDL, script } from "../corpus/state-compatibility-pairs";
import { sidecarJarOrSkip } from "./sidecar-jar";

/**
 * The table's scripts declare MySink and MySink2 with three columns and do not
 * mind whether a query fits them (the rules read text); Flink refuses an INSERT
 * whose query has another width or types. For the planner each sink is created
 * by the query instead (`CREATE TABLE MySink WITH (…) AS SELECT`, which the
 * review reads as a sink too); the declaration becomes a view, so statement
 * numbers and lines stay. The rules still read the table's own scripts.
 */
function forPlanner(sql: string): string {
  // A statement set takes INSERTs only: those scripts are sent as written.
  if (/STATEMENT\s+SET/i.test(sql)) return sql;
  return sql
    .replace(/^CREATE TEMPORARY TABLE (MySink2?) \(.*$/gm, "CREATE TEMPORARY VIEW $1_declared AS SELECT 1;")
    .replace(
      /INSERT\s+INTO\s+(MySink2?)\s+(SELECT|WITH)\b/gi,
      "CREATE TABLE $1 WITH ('connector' = 'print') AS $2",
    );
}

/**
 * Pairs where the combined verdict (plans + the rules they leave standing) is
 * not the table's (the published rules'), with the combined verdict and why.
 */
const PLAN_DIFFERS: Record<string, { verdict: Verdict; why: string }> = {
  "view: add an aggregate inside a view": {
    verdict: "compatible",
    why: "the INSERT does not select the new aggregate: the optimizer prunes it, so the job keeps the same state",
  },
  "WITH item: add an aggregate": {
    verdict: "compatible",
    why: "as for the view: COUNT(*) AS n is never selected, so no operator computes it",
  },
  "sink renamed and an aggregate changed (two items)": {
    verdict: "partially-compatible",
    why: "the console gives up on two changes at once (unknown); the plans compare both: the sink's name does not reach the state, the changed aggregate starts from zero",
  },
  "WHERE added with ignore-filter=true and an aggregate changed (two items)": {
    verdict: "partially-compatible",
    why: "as above: ignore-filter makes the WHERE harmless, the changed aggregate starts from zero",
  },
  "aggregates changed in two sinks (two items)": {
    verdict: "partially-compatible",
    why: "as above: one added aggregate in each of two queries, each partially compatible on its own",
  },
};

/** Pairs the planner cannot compile (the rules speak alone), with why. */
const NOT_COMPILED: Record<string, string> = {
  "group window: turn early fire on":
    "Flink 1.20 cannot plan early fire for this window (Cannot generate a valid execution plan)",
  "temporal join: change the condition":
    "the table's Other has no primary key, which an event-time temporal join requires",
  "MATCH_RECOGNIZE: change the pattern":
    "the table's MEASURES name a, which PARTITION BY also names (Columns ambiguously defined)",
  "statement set: add an aggregate in the second INSERT":
    "the new INSERT has four columns for a three-column sink (statement sets are sent as written)",
  "mini-batch turned on": "the table's SET turns mini-batch on without table.exec.mini-batch.allow-latency",
  "UNION ALL of two aggregations: add an aggregate to one branch":
    "the table's query names a column its branch does not select",
};

describe("review: the verdict table through Flink's planner", function () {
  this.timeout(600_000);
  let planner: FlinkPlanner | undefined;
  let comparer: PlanComparer;

  before(async function () {
    const jar = sidecarJarOrSkip(this);
    const started = Date.now();
    planner = await startFlinkPlanner({ jar });
    console.log(`      planner: Flink ${planner.flinkVersion}, started in ${Date.now() - started} ms`);
    const ready = planner;
    comparer = planComparerFromEnv({}, { start: () => Promise.resolve(ready) });
  });

  after(async function () {
    await planner?.close();
  });

  it(`judges the ${CASES.length} pairs; every difference from the table is a listed one`, async function () {
    const differs: Record<string, { verdict: Verdict; table: Verdict; reasons: string }> = {};
    const notCompiled: Record<string, string> = {};
    let planAgrees = 0;
    const ms: number[] = [];
    for (const c of CASES) {
      const rules = checkStateCompatibility(c.old, c.new, c.context);
      const started = Date.now();
      const plan = await comparer.compare(forPlanner(c.old), forPlanner(c.new), "STREAMING");
      ms.push(Date.now() - started);
      if ("unavailable" in plan) {
        notCompiled[c.name] = plan.unavailable;
        continue;
      }
      if (plan.result.verdict === c.verdict) planAgrees++;
      const combined = combineVerdicts(rules, plan);
      assert.strictEqual(combined.method, "flink-plan");
      if (combined.verdict !== c.verdict)
        differs[c.name] = {
          verdict: combined.verdict,
          table: c.verdict,
          reasons: combined.reasons.map((r) => `${r.verdict}: ${r.message}`).join(" | "),
        };
    }
    const compiled = CASES.length - Object.keys(notCompiled).length;
    const sorted = [...ms].sort((a, b) => a - b);
    console.log(
      `      plan verdicts: ${compiled}/${CASES.length} pairs compiled; the plans alone agree with the table on ` +
        `${planAgrees}/${compiled}; combined with the rules they keep, ${compiled - Object.keys(differs).length}/${compiled} ` +
        `equal the table; per pair (both scripts) p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms`,
    );
    for (const [name, d] of Object.entries(differs))
      console.log(`        differs: ${name}: ${d.table} → ${d.verdict} (${d.reasons})`);
    for (const [name, why] of Object.entries(notCompiled))
      console.log(`        not compiled: ${name}: ${why}`);
    assert.deepStrictEqual(
      Object.fromEntries(Object.entries(differs).map(([k, d]) => [k, d.verdict])),
      Object.fromEntries(Object.entries(PLAN_DIFFERS).map(([k, d]) => [k, d.verdict])),
    );
    assert.deepStrictEqual(Object.keys(notCompiled).sort(), Object.keys(NOT_COMPILED).sort());
  });

  it("GROUP BY customer → GROUP BY customer, id: incompatible by the plans, naming the statement and the operator", async function () {
    const old = script("INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a");
    const next = script("INSERT INTO MySink SELECT a, SUM(b), MAX(c) FROM MyTable GROUP BY a, d");
    const plan = await comparer.compare(old, next, "STREAMING");
    assert.ok("result" in plan, JSON.stringify(plan));
    assert.strictEqual(plan.result.verdict, "incompatible");
    const reason = plan.result.reasons[0];
    assert.strictEqual(reason.operator, "group aggregation");
    assert.strictEqual(reason.statement, DDL.length + 1);
    assert.strictEqual(reason.sink, "MySink");
    assert.match(reason.message, /groupBy \[a\] ⇒ \[a, d\]/);
  });

  it("a stateless filter, a projection and reformatting leave the plans' stateful operators as they were", async function () {
    const old = script("INSERT INTO MySink SELECT a, b, c FROM MyTable");
    const filtered = script("INSERT INTO MySink SELECT a, b + 1, UPPER(c) FROM MyTable WHERE d > 0");
    const plan = await comparer.compare(old, filtered, "STREAMING");
    assert.ok("result" in plan && plan.result.verdict === "compatible", JSON.stringify(plan));
  });
});
