/**
 * What a reviewer sees in `pulumi preview --diff`, through the real CLI:
 * formatting is not a change, a real SQL or engine change is an in-place update,
 * bad SQL fails the preview before anything reaches the API.
 */
import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { BASE_SQL, ConfigurableStack, ENGINE, QUICK_HEALTH_GATE } from "./configurable-stack";
import { emulatorDeployments, emulatorDrafts } from "./emulator-state";

describe("e2e: SQL-aware diff and preview", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: ConfigurableStack;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    stack = await ConfigurableStack.create(emulator, {
      ...QUICK_HEALTH_GATE,
      sql: BASE_SQL,
      engineVersion: ENGINE,
    });
    const up = await stack.stack.up();
    assert.equal(up.code, 0, up.output);
  });

  after(async () => {
    if (stack) await stack.dispose();
    if (emulator) await emulator.close();
  });

  it("reformatting, comments and keyword case are not a change", async () => {
    const reformatted = `-- the same job, formatted differently
create temporary table src (
  id BIGINT,
  name STRING
) with ('connector' = 'datagen');

/* sink */
create temporary table snk (id BIGINT, name STRING) with ('connector' = 'blackhole');
insert into snk
  select id, name
  from src`;
    await stack.setArgs({ ...QUICK_HEALTH_GATE, sql: reformatted, engineVersion: ENGINE });
    const preview = await stack.stack.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, preview.output);
    const writes = await stack.writesDuring(async () => {
      const up = await stack.stack.up(["--expect-no-changes"]);
      assert.equal(up.code, 0, up.output);
    });
    assert.deepEqual(writes, []);
  });

  it("a changed query is shown in preview --diff and deployed in place", async () => {
    const deploymentId = emulatorDeployments(emulator)[0].deploymentId;
    const changed = BASE_SQL.replace("SELECT id, name FROM src", "SELECT id, UPPER(name) FROM src");
    await stack.setArgs({ ...QUICK_HEALTH_GATE, sql: changed, engineVersion: ENGINE });

    const preview = await stack.stack.preview();
    assert.equal(preview.code, 0, preview.output);
    assert.match(preview.output, /~ .*DeployedDraft.*update/s, "an update, not a replace");
    assert.match(preview.output, /UPPER\(name\)/, "the new SQL is visible in the diff");

    const up = await stack.stack.up();
    assert.equal(up.code, 0, up.output);
    const [deployment] = emulatorDeployments(emulator);
    assert.equal(deployment.deploymentId, deploymentId, "the same deployment");
    assert.match(deployment.artifact.sqlArtifact?.sqlScript ?? "", /UPPER\(name\)/);
  });

  it("an engine version change is an update", async () => {
    const sql = emulatorDrafts(emulator)[0].artifact.sqlArtifact?.sqlScript ?? "";
    await stack.setArgs({ ...QUICK_HEALTH_GATE, sql, engineVersion: "vvr-8.0.10-flink-1.17" });
    const preview = await stack.stack.preview();
    assert.equal(preview.code, 0, preview.output);
    assert.match(preview.output, /engineVersion/);
    const up = await stack.stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(emulatorDeployments(emulator)[0].engineVersion, "vvr-8.0.10-flink-1.17");
  });

  it("bad SQL fails the preview with its line and column, and nothing reaches the API", async () => {
    const bad = `CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen');
INSERT INTO snk SELEC id FROM src;`;
    await stack.setArgs({ sql: bad, engineVersion: "vvr-8.0.10-flink-1.17", validation: { strict: true } });
    const writes = await stack.writesDuring(async () => {
      const preview = await stack.stack.preview();
      assert.notEqual(preview.code, 0, "the preview must fail");
      assert.match(preview.output, /line 2/i, preview.output);
      assert.match(preview.output, /SELEC/);
    });
    assert.deepEqual(writes, [], "only the side-effect-free ValidateSqlStatement may be called");
  });
});
