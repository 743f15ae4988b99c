// The plan method of the state-compatibility review on canned plan summaries
// (the shape flink-planner.ts returns): how operators, keys and aggregates are
// compared, how the plan's verdict is combined with the published rules, and
// which method the review says spoke. The real planner runs in
// tests/sidecar/plan-verdicts.test.ts.
import * as assert from "assert";
import { buildReview } from "../../provider/review/review";
import { checkStateCompatibility } from "../../provider/review/state-compatibility";
import { Script } from "../../provider/review/script";
import type { CompiledScript, FlinkPlanner, PlanOperator } from "../../provider/review/planner/flink-planner";
import { comparePlans } from "../../provider/review/planner/plan-comparison";
import {
  combineVerdicts,
  planComparerFromEnv,
  RULES_ONLY,
  type PlanJudgement,
} from "../../provider/review/planner/plan-judgement";
import { plannerSetting, locateJar } from "../../provider/review/planner/flink-planner";

const DDL =
  "CREATE TEMPORARY TABLE orders (customer STRING, id INT, amount INT) WITH ('connector' = 'datagen');\n" +
  "CREATE TEMPORARY TABLE totals (customer STRING, total INT) WITH ('connector' = 'print');\n" +
  "CREATE TEMPORARY TABLE other (customer STRING, total INT) WITH ('connector' = 'print');\n";
const BY_CUSTOMER = `${DDL}INSERT INTO totals SELECT customer, SUM(amount) FROM orders GROUP BY customer;`;
const BY_CUSTOMER_AND_ID = `${DDL}INSERT INTO totals SELECT customer, SUM(amount) FROM orders GROUP BY customer, id;`;

/** A group aggregation as the planner describes it: `GroupAggregate(groupBy=[…], select=[…])`. */
function groupAggregate(groupBy: string[], calls: string[], sink = "totals"): PlanOperator {
  const select = [...groupBy, ...calls.map((c, i) => `${c} AS EXPR$${i + 1}`)].join(", ");
  return {
    kind: "group-aggregate",
    description: `GroupAggregate(groupBy=[${groupBy.join(", ")}], select=[${select}])`,
    state: ["groupAggregateState"],
    outputType: "ROW<`customer` STRING, `total` INT>",
    sinks: [`\`default_catalog\`.\`default_database\`.\`${sink}\``],
  };
}

/** A compiled script: one job per INSERT (statement index 3 is the first INSERT after the DDL). */
function compiled(...jobs: { statements: number[]; operators: PlanOperator[] }[]): CompiledScript {
  return { jobs, problems: [] };
}

function compare(oldSql: string, oldJobs: CompiledScript, newSql: string, newJobs: CompiledScript) {
  return comparePlans(
    { script: new Script(oldSql), compiled: oldJobs },
    { script: new Script(newSql), compiled: newJobs },
  );
}

describe("review: the plan method (canned plans)", () => {
  const sum = ["SUM(amount)"];

  it("finds no difference when the stateful operators, keys and aggregates are the same", () => {
    const plan = compiled({ statements: [3], operators: [groupAggregate(["customer"], sum)] });
    const result = compare(BY_CUSTOMER, plan, BY_CUSTOMER, plan);
    assert.strictEqual(result.verdict, "compatible");
    assert.deepStrictEqual(result.reasons, []);
    assert.match(result.notes.join("\n"), /1 unchanged query keep/);
  });

  it("a GROUP BY key change is incompatible, naming the sink, statement, line and operator", () => {
    const result = compare(
      BY_CUSTOMER,
      compiled({ statements: [3], operators: [groupAggregate(["customer"], sum)] }),
      BY_CUSTOMER_AND_ID,
      compiled({ statements: [3], operators: [groupAggregate(["customer", "id"], sum)] }),
    );
    assert.strictEqual(result.verdict, "incompatible");
    const [reason] = result.reasons;
    assert.deepStrictEqual(
      {
        sink: reason.sink,
        statement: reason.statement,
        line: reason.line,
        operator: reason.operator,
        rule: reason.rule,
      },
      { sink: "totals", statement: 4, line: 4, operator: "group aggregation", rule: "flinkPlan" },
    );
    assert.match(reason.message, /groupBy \[customer\] ⇒ \[customer, id\]/);
  });

  it("aggregates: added → partially compatible, deleted → compatible, distinct → incompatible, an alias → nothing", () => {
    const verdict = (before: string[], after: string[]) =>
      compare(
        BY_CUSTOMER,
        compiled({ statements: [3], operators: [groupAggregate(["customer"], before)] }),
        BY_CUSTOMER,
        compiled({ statements: [3], operators: [groupAggregate(["customer"], after)] }),
      ).verdict;
    const max = "MAX(amount)";
    assert.strictEqual(verdict([...sum], [...sum, max]), "partially-compatible");
    assert.strictEqual(verdict([...sum, max], [...sum]), "compatible");
    assert.strictEqual(verdict([...sum], [...sum, "COUNT(DISTINCT id)"]), "incompatible");
    assert.strictEqual(verdict([...sum], ["MAX(amount)"]), "incompatible", "the only aggregate replaced");
    assert.strictEqual(verdict([...sum, max], [max, ...sum]), "compatible", "moved");
    assert.strictEqual(
      verdict(
        ["COUNT(DISTINCT id)", "COUNT(DISTINCT amount)"],
        ["COUNT(DISTINCT amount)", "COUNT(DISTINCT id)"],
      ),
      "incompatible",
      "distinct aggregates reordered",
    );
  });

  it("a different chain of stateful operators is incompatible; a new stateful query too; a deleted one is compatible", () => {
    const dedup: PlanOperator = {
      kind: "deduplicate",
      description: "Deduplicate(keep=[FirstRow], key=[id], order=[PROCTIME])",
      state: ["deduplicateState"],
      outputType: "ROW<`customer` STRING, `id` INT>",
      sinks: ["`default_catalog`.`default_database`.`totals`"],
    };
    const chain = compare(
      BY_CUSTOMER,
      compiled({ statements: [3], operators: [groupAggregate(["customer"], sum)] }),
      BY_CUSTOMER,
      compiled({ statements: [3], operators: [dedup, groupAggregate(["customer"], sum)] }),
    );
    assert.strictEqual(chain.verdict, "incompatible");
    assert.match(chain.reasons[0].message, /group aggregation ⇒ deduplication → group aggregation/);

    const twoSinks = `${BY_CUSTOMER}\nINSERT INTO other SELECT customer, SUM(amount) FROM orders GROUP BY customer;`;
    const both = compiled(
      { statements: [3], operators: [groupAggregate(["customer"], sum)] },
      { statements: [4], operators: [groupAggregate(["customer"], sum)] },
    );
    const one = compiled({ statements: [3], operators: [groupAggregate(["customer"], sum)] });
    const added = compare(BY_CUSTOMER, one, twoSinks, both);
    assert.strictEqual(added.verdict, "incompatible");
    assert.strictEqual(added.reasons[0].sink, "other");
    assert.strictEqual(added.reasons[0].line, 5);
    const deleted = compare(twoSinks, both, BY_CUSTOMER, one);
    assert.strictEqual(deleted.verdict, "compatible");
    assert.strictEqual(deleted.reasons[0].script, "old");
  });

  it("in a statement set, each stateful operator is judged with the INSERT whose sink it feeds", () => {
    const set = (groupBy: string) =>
      `${DDL}BEGIN STATEMENT SET;\nINSERT INTO other SELECT customer, SUM(amount) FROM orders GROUP BY customer;\n` +
      `INSERT INTO totals SELECT customer, SUM(amount) FROM orders GROUP BY ${groupBy};\nEND;`;
    const plan = (groupBy: string[]) =>
      compiled({
        statements: [4, 5],
        operators: [groupAggregate(["customer"], sum, "other"), groupAggregate(groupBy, sum, "totals")],
      });
    const result = compare(
      set("customer"),
      plan(["customer"]),
      set("customer, id"),
      plan(["customer", "id"]),
    );
    assert.strictEqual(result.verdict, "incompatible");
    assert.deepStrictEqual(
      result.reasons.map((r) => [r.sink, r.statement, r.line]),
      [["totals", 6, 6]],
    );
  });

  it("combined: the plans replace the rules' operator reasons and keep WHERE, SET and the engine; a disagreement is noted", () => {
    const rules = checkStateCompatibility(BY_CUSTOMER, BY_CUSTOMER_AND_ID, {
      engineVersion: { old: "vvr-8.0.11-flink-1.17", new: "vvr-8.0.11-flink-1.17" },
    });
    assert.strictEqual(rules.verdict, "incompatible");
    const planSaysCompatible: PlanJudgement = {
      result: { verdict: "compatible", reasons: [], notes: [] },
      flinkVersion: "1.20.3",
    };
    const combined = combineVerdicts(rules, planSaysCompatible);
    assert.strictEqual(combined.method, "flink-plan");
    assert.strictEqual(combined.verdict, "compatible");
    assert.match(combined.notes.join("\n"), /published rules alone say incompatible .*are followed/);

    const where = checkStateCompatibility(
      BY_CUSTOMER,
      BY_CUSTOMER.replace("FROM orders", "FROM orders WHERE amount > 0"),
    );
    assert.strictEqual(where.verdict, "incompatible", JSON.stringify(where.reasons));
    const kept = combineVerdicts(where, planSaysCompatible);
    assert.strictEqual(kept.verdict, "incompatible", "a WHERE before an aggregation is the rules' to judge");
    assert.ok(kept.reasons.every((r) => r.rule === "where"));

    const engine = checkStateCompatibility(BY_CUSTOMER, BY_CUSTOMER, {
      engineVersion: { old: "vvr-8.0.11-flink-1.17", new: "vvr-11.1-jdk11-flink-1.20" },
    });
    assert.strictEqual(combineVerdicts(engine, planSaysCompatible).verdict, "unknown");
  });

  it("without a planner the rules speak alone, and the review says why", () => {
    const rules = checkStateCompatibility(BY_CUSTOMER, BY_CUSTOMER_AND_ID);
    const alone = combineVerdicts(rules, { unavailable: "ALICLOUD_FLINK_PLANNER is off" });
    assert.strictEqual(alone.method, "published-rules");
    assert.deepStrictEqual(alone.reasons, rules.reasons);
    assert.match(alone.notes.join("\n"), /Flink's planner did not judge: ALICLOUD_FLINK_PLANNER is off/);
    assert.strictEqual(
      combineVerdicts(rules, undefined).notes.length,
      rules.notes.length,
      "not asked: no note",
    );
  });

  it("the review carries the method and shows it on the verdict line", () => {
    const review = (plan?: PlanJudgement) =>
      buildReview({
        resource: "totals",
        action: "update",
        old: { sql: BY_CUSTOMER },
        new: { sql: BY_CUSTOMER_AND_ID },
        jobStatus: "RUNNING",
        plan,
        mask: (t) => t,
      });
    const byPlan = review({
      result: {
        verdict: "incompatible",
        reasons: [
          {
            verdict: "incompatible",
            message:
              "the group aggregation is keyed or defined differently (groupBy [customer] ⇒ [customer, id])",
            rule: "flinkPlan",
            ruleTitle: "Flink's compiled plans",
            ruleUrl: "https://example.org",
            sink: "totals",
            statement: 4,
            line: 4,
            operator: "group aggregation",
          },
        ],
        notes: [],
      },
      flinkVersion: "1.20.3",
    });
    assert.strictEqual(byPlan.review.stateCompatibility.method, "flink-plan");
    assert.ok(
      byPlan.lines.includes("  state compatibility: incompatible, by Flink's compiled plans"),
      byPlan.lines.join("\n"),
    );
    const byRules = review(undefined);
    assert.strictEqual(byRules.review.stateCompatibility.method, "published-rules");
    assert.ok(byRules.lines.includes("  state compatibility: incompatible, by the published rules"));
  });
});

describe("review: where the planner comes from (ALICLOUD_FLINK_PLANNER)", () => {
  it("reads auto (default), off, or a jar path", () => {
    assert.deepStrictEqual(plannerSetting({}), { kind: "auto" });
    assert.deepStrictEqual(plannerSetting({ ALICLOUD_FLINK_PLANNER: "off" }), { kind: "off" });
    assert.deepStrictEqual(plannerSetting({ ALICLOUD_FLINK_PLANNER: "/x/flink-sql-validator.jar" }), {
      kind: "jar",
      jar: "/x/flink-sql-validator.jar",
    });
    assert.match(
      JSON.stringify(locateJar({ kind: "jar", jar: "/nonexistent/v.jar" }, {})),
      /names \/nonexistent\/v.jar, which does not exist/,
    );
    assert.match(JSON.stringify(locateJar({ kind: "auto" }, {}, "/")), /no Flink planner jar/);
  });

  it("off never starts a planner; RULES_ONLY says none is configured", async () => {
    const off = await planComparerFromEnv({ ALICLOUD_FLINK_PLANNER: "off" }).compare("a", "b", "STREAMING");
    assert.deepStrictEqual(off, { unavailable: "ALICLOUD_FLINK_PLANNER is off" });
    assert.deepStrictEqual(await RULES_ONLY.compare("a", "b", "STREAMING"), {
      unavailable: "no Flink planner is configured",
    });
  });

  it("compiles both scripts once each, and stops asking a planner that failed", async () => {
    const asked: string[] = [];
    let starts = 0;
    const planner: FlinkPlanner = {
      flinkVersion: "1.20.3",
      compile: (statements) => {
        asked.push(statements.map((s) => s.text).join(";"));
        const groupBy = statements.some((s) => s.text.includes("GROUP BY customer, id"))
          ? ["customer", "id"]
          : ["customer"];
        return Promise.resolve(
          compiled({ statements: [3], operators: [groupAggregate(groupBy, ["SUM(amount)"])] }),
        );
      },
      close: () => Promise.resolve(),
    };
    const comparer = planComparerFromEnv({}, { start: () => (starts++, Promise.resolve(planner)) });
    const judgement = await comparer.compare(BY_CUSTOMER, BY_CUSTOMER_AND_ID, "STREAMING");
    assert.ok(
      "result" in judgement && judgement.result.verdict === "incompatible",
      JSON.stringify(judgement),
    );
    assert.strictEqual(asked.length, 2);
    await comparer.compare(BY_CUSTOMER, BY_CUSTOMER, "STREAMING");
    assert.strictEqual(starts, 1, "one planner per process");

    const broken = planComparerFromEnv({}, { start: () => (starts++, Promise.reject(new Error("no JVM"))) });
    assert.deepStrictEqual(await broken.compare("a", "b", "STREAMING"), { unavailable: "no JVM" });
    const before = starts;
    assert.deepStrictEqual(await broken.compare("a", "b", "STREAMING"), { unavailable: "no JVM" });
    assert.strictEqual(starts, before, "a planner that failed is not started again");
  });

  it("a script the planner cannot compile leaves the verdict to the rules, saying which script", async () => {
    const planner: FlinkPlanner = {
      flinkVersion: "1.20.3",
      compile: (statements) =>
        Promise.resolve(
          statements.some((s) => s.text.includes("GROUP BY customer, id"))
            ? { jobs: [], problems: ["line 4, column 70: Column 'id' not found"] }
            : compiled({ statements: [3], operators: [] }),
        ),
      close: () => Promise.resolve(),
    };
    const judgement = await planComparerFromEnv({}, { start: () => Promise.resolve(planner) }).compare(
      BY_CUSTOMER,
      BY_CUSTOMER_AND_ID,
      "STREAMING",
    );
    assert.deepStrictEqual(judgement, {
      unavailable: "the planner could not compile the new script (line 4, column 70: Column 'id' not found)",
    });
  });
});
