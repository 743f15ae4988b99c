/**
 * The review block diff writes for a reviewer (issue "Infra review"): the
 * statements changed with their kind, the job impact, the state-compatibility
 * verdict with reasons naming statement, line and operator; and
 * stateCompatibility "fail" stopping an incompatible change before anything
 * is written. In process: diff is local.
 */
import { strict as assert } from "node:assert";
import { createProvider } from "../../provider/provider";
import { parseReviewDiagnostics } from "../../provider/review";
import { sqlHash } from "../../provider/sql";

const TOTALS = (groupBy: string, where = "") =>
  [
    "CREATE TEMPORARY TABLE orders (customer STRING, id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');",
    "CREATE TEMPORARY TABLE totals (customer STRING, id BIGINT, total DOUBLE) WITH ('connector' = 'blackhole');",
    `INSERT INTO totals SELECT customer, MAX(id), SUM(amount) FROM orders${where} GROUP BY ${groupBy};`,
  ].join("\n");
const FILTERED = (where: string) =>
  [
    "CREATE TEMPORARY TABLE orders (customer STRING, id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');",
    "CREATE TEMPORARY TABLE big (customer STRING, amount DOUBLE) WITH ('connector' = 'blackhole');",
    `INSERT INTO big SELECT customer, amount FROM orders WHERE ${where};`,
  ].join("\n");

function stored(sql: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __provider: "shim",
    __resourceName: "totals",
    __owner: "proj/dev/totals",
    workspace: "ws",
    namespace: "ns",
    name: "totals-1a2b3c4",
    sql,
    engineVersion: "vvr-8.0.11-flink-1.17",
    jobState: "RUNNING",
    deploymentDraftId: "d-1",
    deploymentId: "dep-1",
    sqlHash: sqlHash(sql),
    jobStatus: "RUNNING",
    schemaVersion: 2,
    ...extra,
  };
}

function news(sql: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const {
    deploymentDraftId: _d,
    deploymentId: _dep,
    sqlHash: _h,
    jobStatus: _s,
    schemaVersion: _v,
    ...inputs
  } = stored(sql);
  return { ...inputs, ...extra };
}

describe("provider diff: the reviewer's block", () => {
  const logs: string[] = [];
  const { diff } = createProvider({ sink: (line) => logs.push(line), env: {} });
  beforeEach(() => {
    logs.length = 0;
  });

  it("a GROUP BY key change on a running job: incompatible, naming the statement, line and operator", async () => {
    const result = await diff("id", stored(TOTALS("customer")), news(TOTALS("customer, id")));
    assert.equal(result.changes, true);
    const [review] = parseReviewDiagnostics(logs.join("\n"));
    assert.ok(review, logs.join("\n"));
    assert.equal(review.stateCompatibility.verdict, "incompatible");
    const reason = review.stateCompatibility.reasons.find((r) => r.verdict === "incompatible");
    assert.equal(reason?.statement, 3);
    assert.equal(reason?.line, 3);
    assert.match(reason?.operator ?? "", /group aggregation/i);
    assert.match(review.jobImpact, /stops with a savepoint and restarts from it/);
    const text = logs.join("\n");
    assert.match(text, /incompatible/);
    assert.match(text, /statement 3/);
  });

  it("a stateless filter change: compatible", async () => {
    await diff("id", stored(FILTERED("amount > 10")), news(FILTERED("amount > 100")));
    const [review] = parseReviewDiagnostics(logs.join("\n"));
    assert.equal(review?.stateCompatibility.verdict, "compatible", logs.join("\n"));
  });

  it("reformatting is no change and no review", async () => {
    const reformatted = TOTALS("customer")
      .replace(/ /g, "  ")
      .replace("INSERT INTO", "-- the job\ninsert into");
    const result = await diff("id", stored(TOTALS("customer")), news(reformatted));
    assert.equal(result.changes, false);
    assert.deepEqual(parseReviewDiagnostics(logs.join("\n")), []);
  });

  it('stateCompatibility "fail" stops an incompatible change, naming the ways out', async () => {
    await assert.rejects(
      diff("id", stored(TOTALS("customer")), news(TOTALS("customer, id"), { stateCompatibility: "fail" })),
      /incompatible.*allowNonRestoredState.*upgradeStrategy: "stateless".*new name/s,
    );
  });

  it('"fail" lets the change through when the upgrade does not restore state (upgradeStrategy stateless)', async () => {
    const result = await diff(
      "id",
      stored(TOTALS("customer")),
      news(TOTALS("customer, id"), { stateCompatibility: "fail", upgradeStrategy: "stateless" }),
    );
    assert.equal(result.changes, true);
  });

  it("a secret sql shows no statement in the log", async () => {
    const secretSql = TOTALS("customer");
    await diff(
      "id",
      stored(secretSql, { __secretInputs: ["sql"] }),
      news(TOTALS("customer, id"), { __secretInputs: ["sql"] }),
    );
    const text = logs.join("\n");
    assert.doesNotMatch(text, /totals SELECT|orders WHERE|SUM\(amount\)/);
    assert.match(text, /sql is a secret/);
  });
});
