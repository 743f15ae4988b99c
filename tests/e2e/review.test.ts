/**
 * The reviewer's view through the real CLI (issue "Infra review"): a GROUP BY
 * key change on a running job previews "incompatible" with the reason and the
 * statement; a stateless filter change previews "compatible"; the Markdown
 * report of a real `pulumi preview --json`; `stateCompatibility: "fail"`
 * stops an incompatible `up` before anything is written. The verdicts come from
 * Flink's compiled plans (the sidecar built by `npm test`'s pretest), and from
 * the published rules with ALICLOUD_FLINK_PLANNER=off.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { readPreview, renderReport } from "../../provider/review";
import { REPO_ROOT } from "../../scripts/lib/pulumi-stack";
import { startEmulator } from "../contract/emulator-support";
import { ConfigurableStack, ENGINE } from "./configurable-stack";

/** An aggregation into `totals` (stateful) and a filter into `big` (stateless). */
const SQL = (groupBy: string, bigWhere = "amount > 10") =>
  [
    "CREATE TEMPORARY TABLE orders (customer STRING, id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');",
    "CREATE TEMPORARY TABLE totals (customer STRING, id BIGINT, total DOUBLE) WITH ('connector' = 'blackhole');",
    "CREATE TEMPORARY TABLE big (customer STRING, amount DOUBLE) WITH ('connector' = 'blackhole');",
    "BEGIN STATEMENT SET;",
    `INSERT INTO totals SELECT customer, MAX(id), SUM(amount) FROM orders GROUP BY ${groupBy};`,
    `INSERT INTO big SELECT customer, amount FROM orders WHERE ${bigWhere};`,
    "END;",
  ].join("\n");
const BASE = { name: `review-${Date.now().toString(36)}`, engineVersion: ENGINE, healthySeconds: 0.3 };

describe("e2e: the reviewer's view of a change (preview, --json, the PR report)", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: ConfigurableStack;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    stack = await ConfigurableStack.create(emulator, { ...BASE, sql: SQL("customer") }, { planner: true });
    const up = await stack.stack.up();
    assert.equal(up.code, 0, up.output);
  });

  after(async () => {
    if (stack) await stack.dispose();
    if (emulator) await emulator.close();
  });

  it("a GROUP BY key change on a running job previews incompatible, naming the statement and the operator", async () => {
    await stack.setArgs({ ...BASE, sql: SQL("customer, id") });
    const preview = await stack.stack.preview();
    assert.equal(preview.code, 0, preview.output);
    assert.match(preview.output, /job impact: the running job stops with a savepoint and restarts from it/);
    // Flink's planner (the sidecar, found in this checkout) compared the compiled plans.
    assert.match(preview.output, /state compatibility: incompatible, by Flink's compiled plans/);
    assert.match(
      preview.output,
      /statement 5, line 5, sink totals, group aggregation: the group aggregation is keyed or defined differently \(groupBy \[customer\] ⇒ \[customer, id\]\)/,
    );
    if (process.env.E2E_SHOW_REVIEW) console.log(preview.output);
  });

  it("without the planner (ALICLOUD_FLINK_PLANNER=off) the published rules give the same verdict, and say so", async () => {
    const preview = await stack.stack.preview([], { env: { ALICLOUD_FLINK_PLANNER: "off" } });
    assert.equal(preview.code, 0, preview.output);
    assert.match(preview.output, /state compatibility: incompatible, by the published rules/);
    assert.match(preview.output, /line 5, sink totals, group aggregation: the GROUP BY keys change/);
    assert.match(preview.output, /note: Flink's planner did not judge: ALICLOUD_FLINK_PLANNER is off/);
  });

  it("the Markdown report of a real `pulumi preview --json` carries the verdict and the SQL diff", async () => {
    const preview = await stack.stack.run(["preview", "--json"]);
    assert.equal(preview.code, 0, preview.output);
    const markdown = renderReport(readPreview(preview.stdout));
    assert.match(markdown, /incompatible.* — by Flink's compiled plans/);
    assert.match(markdown, /```diff/);
    assert.match(markdown, /GROUP BY customer, id/);
    // The shipped CLI (dist/) gives the same report from a file.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "review-")), "preview.json");
    fs.writeFileSync(file, preview.stdout);
    const cli = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, "dist/provider/review/report-cli.js"), file],
      {
        encoding: "utf8",
      },
    );
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.stdout.trim(), markdown.trim());
    if (process.env.E2E_SHOW_REVIEW) console.log(markdown);
  });

  it('stateCompatibility "fail" stops an incompatible up before anything is written', async () => {
    await stack.setArgs({ ...BASE, sql: SQL("customer, id"), stateCompatibility: "fail" });
    const writes = await stack.writesDuring(async () => {
      const up = await stack.stack.up();
      assert.notEqual(up.code, 0, "the up must fail");
      assert.match(up.output, /incompatible.*allowNonRestoredState/s);
    });
    assert.deepEqual(writes, []);
  });

  it("a stateless filter change previews compatible", async () => {
    await stack.setArgs({ ...BASE, sql: SQL("customer", "amount > 100") });
    // The stateless sink's filter changes; the aggregation into totals is as deployed.
    const preview = await stack.stack.preview();
    assert.equal(preview.code, 0, preview.output);
    assert.match(preview.output, /state compatibility: compatible, by Flink's compiled plans/);
  });
});
