import * as assert from "assert";
import {
  buildReview,
  formatReviewDiagnostic,
  parseReviewDiagnostics,
  ReviewSchema,
  stateCompatibilityPolicy,
  type ReviewRequest,
} from "../../provider/review";
import { checkStateCompatibility } from "../../provider/review/state-compatibility";

const DDL = [
  "CREATE TEMPORARY TABLE src (a INT, b BIGINT, c VARCHAR) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config' = '${jaas}');",
  "CREATE TEMPORARY TABLE snk (a INT, b BIGINT, c VARCHAR) WITH ('connector' = 'print');",
].join("\n");
const OLD_SQL = `${DDL}\nINSERT INTO snk SELECT a, SUM(b), MAX(c) FROM src GROUP BY a;`;
const NEW_SQL = `${DDL}\nSET 'pipeline.name' = 'totals';\nINSERT INTO snk SELECT a, SUM(b), MAX(c), COUNT(c) FROM src GROUP BY a;`;
const SECRET = "org.apache.kafka.common.security.plain.PlainLoginModule required password='hunter2';";
const mask = (text: string): string => text.split(SECRET).join("[secret]");

function request(overrides: Partial<ReviewRequest> = {}): ReviewRequest {
  return {
    resource: "urn:pulumi:dev::flink::alicloud-flink:index:DeployedDraft::totals",
    action: "update",
    old: { sql: OLD_SQL, engineVersion: "vvr-8.0.11-flink-1.17", localVariables: { jaas: SECRET } },
    new: { sql: NEW_SQL, engineVersion: "vvr-8.0.11-flink-1.17", localVariables: { jaas: SECRET } },
    jobStatus: "RUNNING",
    mask,
    ...overrides,
  };
}

describe("review: buildReview", () => {
  it("lists changed and added statements with their kinds and lines, and the verdict with its reasons", () => {
    const { review, lines } = buildReview(request());
    assert.deepStrictEqual(
      review.statements.map((s) => [s.change, s.statement, s.line, s.kind]),
      [
        ["changed", 3, 3, "SET"],
        ["added", 4, 4, "DML"],
      ],
    );
    assert.strictEqual(review.jobImpact, "the running job stops with a savepoint and restarts from it");
    assert.strictEqual(review.stateCompatibility.verdict, "partially-compatible");
    assert.strictEqual(review.stateCompatibility.appliesToRestart, true);
    const [reason] = review.stateCompatibility.reasons;
    assert.strictEqual(reason.statement, 4);
    assert.strictEqual(reason.operator, "group aggregation");
    assert.strictEqual(reason.sink, "snk");
    assert.ok(lines.some((l) => l.includes("job impact: the running job stops with a savepoint")));
    assert.ok(lines.some((l) => l.includes("statement 4, line 4, sink snk, group aggregation")));
    assert.ok(ReviewSchema.safeParse(review).success);
  });

  it("passes every SQL excerpt and message through mask: no secret value in the review", () => {
    const { review, lines } = buildReview(
      request({ new: { ...request().new, sql: NEW_SQL.replace("'kafka'", "'upsert-kafka'") } }),
    );
    const all = JSON.stringify(review) + lines.join("\n");
    assert.ok(!all.includes("hunter2"), all);
    assert.ok(review.statements.some((s) => (s.after ?? "").includes("[secret]")));
  });

  it("states each job impact exactly", () => {
    const impact = (o: Partial<ReviewRequest>): string => buildReview(request(o)).review.jobImpact;
    assert.strictEqual(
      impact({ upgradeStrategy: "stateless" }),
      "the running job stops and restarts without state (upgradeStrategy stateless)",
    );
    assert.strictEqual(
      impact({ upgradeStrategy: "none" }),
      "no restart: the job keeps running the old version (upgradeStrategy none)",
    );
    assert.strictEqual(impact({ action: "replace" }), "replaced: the new draft starts without the old state");
    assert.strictEqual(impact({ jobStatus: "STOPPED" }), "not running: nothing restarts");
    assert.strictEqual(
      impact({ action: "create", old: undefined, jobStatus: "NOT_STARTED" }),
      "not running: nothing restarts",
    );
    assert.strictEqual(impact({ restartNeeded: false }), "hot update, no restart");
    assert.strictEqual(impact({ jobState: "STOPPED" }), "the running job stops (jobState STOPPED)");
    // As the provider does: an engine change goes through a savepoint even with upgradeStrategy none.
    assert.strictEqual(
      impact({ upgradeStrategy: "none", new: { ...request().new, engineVersion: "vvr-8.0.12-flink-1.17" } }),
      "the running job stops with a savepoint and restarts from it",
    );
  });

  it("says there is nothing to review when only formatting changed", () => {
    const { review } = buildReview(
      request({
        new: {
          ...request().new,
          sql: OLD_SQL.replace(/ /g, "  ").toLowerCase().replace("${jaas}", "${jaas}"),
        },
      }),
    );
    assert.deepStrictEqual(review.statements, []);
    assert.strictEqual(review.jobImpact, "hot update, no restart");
    assert.strictEqual(review.stateCompatibility.verdict, "compatible");
  });

  it("reports the resource change when deployment settings exist", () => {
    const { review, lines } = buildReview(
      request({ resources: { before: { cpu: 2, memoryGiB: 4 }, after: { cpu: 4, memoryGiB: 8 } } }),
    );
    assert.deepStrictEqual(review.resources, {
      before: { cpu: 2, memoryGiB: 4 },
      after: { cpu: 4, memoryGiB: 8 },
    });
    assert.ok(lines.includes("  resources: CPU 2 → 4 cores, memory 4 → 8 GiB"), lines.join("\n"));
  });

  it("carries the policy outcome for a savepoint restart", () => {
    const incompatible = NEW_SQL.replace("GROUP BY a", "GROUP BY a, c");
    const { review } = buildReview(request({ new: { ...request().new, sql: incompatible }, policy: "fail" }));
    assert.strictEqual(review.stateCompatibility.verdict, "incompatible");
    assert.strictEqual(review.policy?.outcome, "fail");
  });
});

describe("review: stateCompatibilityPolicy", () => {
  const result = checkStateCompatibility(
    "INSERT INTO s SELECT a, COUNT(*) FROM t GROUP BY a",
    "INSERT INTO s SELECT a, c, COUNT(*) FROM t GROUP BY a, c",
  );
  it("fails an incompatible change under 'fail' and names the ways out", () => {
    const decision = stateCompatibilityPolicy(result, "fail", "savepoint", { kind: "LATEST_SAVEPOINT" });
    assert.strictEqual(decision.outcome, "fail");
    for (const way of [
      "restoreStrategy.allowNonRestoredState",
      'upgradeStrategy: "stateless"',
      "a new name",
    ]) {
      assert.ok(decision.message?.includes(way), decision.message);
    }
    assert.ok(decision.message?.includes("statement 1, line 1"), decision.message);
  });
  it("warns instead when allowNonRestoredState is set, or under 'warn'", () => {
    assert.strictEqual(
      stateCompatibilityPolicy(result, "fail", "savepoint", { allowNonRestoredState: true }).outcome,
      "warn",
    );
    assert.strictEqual(stateCompatibilityPolicy("incompatible", "warn", "savepoint").outcome, "warn");
  });
  it("never fails a stateless upgrade, an ignored policy or a compatible change; warns on unknown", () => {
    assert.strictEqual(stateCompatibilityPolicy(result, "fail", "stateless").outcome, "ok");
    assert.strictEqual(stateCompatibilityPolicy(result, "ignore", "savepoint").outcome, "ok");
    assert.strictEqual(stateCompatibilityPolicy("compatible", "fail", "savepoint").outcome, "ok");
    assert.strictEqual(stateCompatibilityPolicy("unknown", "fail", "savepoint").outcome, "warn");
  });
});

describe("review: the diagnostic line", () => {
  it("round-trips through format and parse, one line of JSON after the prefix", () => {
    const { review } = buildReview(request());
    const line = formatReviewDiagnostic(review);
    assert.ok(line.startsWith(`[alicloud-flink:review ${review.resource}] {`));
    assert.ok(!line.includes("\n"));
    assert.deepStrictEqual(parseReviewDiagnostics(`some log\n${line}\n`), [review]);
  });
  it("skips lines that mention the prefix without a valid review", () => {
    assert.deepStrictEqual(
      parseReviewDiagnostics("[alicloud-flink:review x] {not json}\n[alicloud-flink:review y] {}"),
      [],
    );
  });
});
