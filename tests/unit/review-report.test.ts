import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import {
  buildReview,
  formatReviewDiagnostic,
  readPreview,
  renderReport,
  type Review,
} from "../../provider/review";

const DDL = [
  "CREATE TEMPORARY TABLE orders (id INT, user_id INT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE totals (user_id INT, total DOUBLE, n BIGINT) WITH ('connector' = 'print');",
].join("\n");
const URN = "urn:pulumi:dev::flink-jobs::pulumi-nodejs:dynamic:Resource::totals";
const STACK = "urn:pulumi:dev::flink-jobs::pulumi:pulumi:Stack::flink-jobs-dev";

function review(newQuery: string): Review {
  return buildReview({
    resource: URN,
    action: "update",
    old: {
      sql: `${DDL}\nINSERT INTO totals SELECT user_id, SUM(amount), COUNT(*) FROM orders GROUP BY user_id;`,
      engineVersion: "vvr-8.0.11-flink-1.17",
    },
    new: { sql: `${DDL}\n${newQuery}`, engineVersion: "vvr-8.0.11-flink-1.17" },
    jobStatus: "RUNNING",
    upgradeStrategy: "savepoint",
    resources: { before: { cpu: 2, memoryGiB: 4 }, after: { cpu: 3, memoryGiB: 6 } },
    mask: (t) => t,
  }).review;
}

/** What `pulumi preview --json` prints (PreviewDigest), trimmed to one update and the stack. */
function digest(reviews: Review[]): string {
  return JSON.stringify(
    {
      config: { "alicloud-flink:namespace": "default-namespace", "alicloud-flink:workspace": "[secret]" },
      steps: [
        {
          op: "same",
          urn: STACK,
          provider: "",
          oldState: { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
          newState: { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
          detailedDiff: null,
        },
        {
          op: "update",
          urn: URN,
          provider:
            "urn:pulumi:dev::flink-jobs::pulumi:providers:pulumi-nodejs::default::04da6b54-80e4-46f7-96ec-b56ff0331ba9",
          oldState: {
            urn: URN,
            custom: true,
            id: "ws:ns:draft-1",
            type: "pulumi-nodejs:dynamic:Resource",
            inputs: { sql: "…" },
          },
          newState: {
            urn: URN,
            custom: true,
            id: "ws:ns:draft-1",
            type: "pulumi-nodejs:dynamic:Resource",
            inputs: { sql: "…" },
          },
          diffReasons: ["sql"],
          detailedDiff: { sql: { kind: "update", inputDiff: true } },
        },
      ],
      diagnostics: [
        { urn: URN, message: "sql statement 3 changed: INSERT INTO totals SELECT …\n", severity: "info" },
        ...reviews.map((r) => ({
          urn: URN,
          prefix: "",
          message: `${formatReviewDiagnostic(r)}\n`,
          severity: "info",
        })),
      ],
      duration: 2514000000,
      changeSummary: { same: 1, update: 1 },
    },
    null,
    4,
  );
}

describe("review: PR report from pulumi preview --json", () => {
  const partial = review(
    "INSERT INTO totals SELECT user_id, SUM(amount), COUNT(*), MAX(amount) FROM orders GROUP BY user_id;",
  );

  it("finds the review line in the digest's diagnostics and renders every part", () => {
    const reading = readPreview(digest([partial]));
    assert.strictEqual(reading.format, "digest");
    assert.strictEqual(reading.reviews.length, 1);
    const md = renderReport(reading);
    assert.ok(md.startsWith("## Flink SQL review"));
    assert.ok(
      md.includes(
        "| `totals` | update | the running job stops with a savepoint and restarts from it | ⚠️ partially compatible |",
      ),
      md,
    );
    assert.ok(md.includes("### `totals` — update"), md);
    assert.ok(md.includes("(statement 3, line 3, sink `totals`, group aggregation)"), md);
    assert.ok(
      md.includes("[Group Aggregate](https://www.alibabacloud.com/help/en/flink/realtime-flink/user-guide/"),
      md,
    );
    assert.ok(md.includes("**Resources:** CPU 2 → 3 cores, memory 4 → 6 GiB"), md);
    assert.ok(
      md.includes(
        "```diff\n@@ statement 3, line 3: DML, changed @@\n-INSERT INTO totals SELECT user_id, SUM(amount), COUNT(*) FROM orders GROUP BY user_id\n+INSERT INTO totals",
      ),
      md,
    );
  });

  it("keeps the last review of a resource when the preview wrote several", () => {
    const incompatible = review(
      "INSERT INTO totals SELECT user_id, SUM(amount), COUNT(*) FROM orders GROUP BY user_id, id;",
    );
    const reading = readPreview(digest([partial, incompatible]));
    assert.strictEqual(reading.reviews.length, 1);
    assert.strictEqual(reading.reviews[0].stateCompatibility.verdict, "incompatible");
    assert.ok(renderReport(reading).includes("❌ incompatible"));
  });

  it("lists the steps when there is no review line", () => {
    const md = renderReport(readPreview(digest([])));
    assert.ok(md.includes("No `alicloud-flink:review` lines"), md);
    assert.ok(md.includes("| update | `totals` | `pulumi-nodejs:dynamic:Resource` |"), md);
    assert.ok(!md.includes("flink-jobs-dev"), "unchanged resources are not listed");
  });

  it("reads the streaming JSON events form too", () => {
    const events = [
      { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
      {
        sequence: 1,
        timestamp: 2,
        resourcePreEvent: { metadata: { op: "update", urn: URN, type: "pulumi-nodejs:dynamic:Resource" } },
      },
      {
        sequence: 2,
        timestamp: 3,
        diagnosticEvent: {
          urn: URN,
          prefix: "",
          message: `${formatReviewDiagnostic(partial)}\n`,
          color: "never",
          severity: "info",
        },
      },
    ]
      .map((e) => JSON.stringify(e))
      .join("\n");
    const reading = readPreview(events);
    assert.strictEqual(reading.format, "events");
    assert.strictEqual(reading.reviews.length, 1);
    assert.strictEqual(reading.steps[0].op, "update");
  });

  it("uses a longer fence when the SQL holds backticks", () => {
    const quoted = review(
      "INSERT INTO totals SELECT user_id, SUM(amount), COUNT(*) AS ```n``` FROM orders GROUP BY user_id;",
    );
    const md = renderReport(readPreview(digest([quoted])));
    assert.ok(md.includes("````diff"), md);
  });

  it("runs as a CLI: file in, Markdown out, --fail-on sets the exit code", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "review-report-"));
    const file = path.join(dir, "preview.json");
    writeFileSync(file, digest([partial]));
    const cli = path.join(__dirname, "..", "..", "provider", "review", "report-cli.ts");
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--require", "tsx/cjs", cli, ...args], { encoding: "utf8" });
    const ok = run(file);
    assert.strictEqual(ok.status, 0, ok.stderr);
    assert.ok(ok.stdout.startsWith("## Flink SQL review"));
    assert.strictEqual(run("--fail-on", "partially-compatible", file).status, 1);
    assert.strictEqual(run("--fail-on=incompatible", file).status, 0);
    assert.strictEqual(run("--fail-on", "bad", file).status, 2);
  });
});
