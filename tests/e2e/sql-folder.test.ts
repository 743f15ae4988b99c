/** examples/sql-folder through the real Pulumi CLI: one draft per .sql file. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { emulatorStackOptions, PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-stack";
import { emulatorDeployments, emulatorDrafts } from "./emulator-state";

const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "sql-folder");

describe("e2e: examples/sql-folder", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack;
  const jobNames = fs
    .readdirSync(path.join(PROGRAM_DIR, "jobs"))
    .filter((f) => f.endsWith(".sql"))
    .map((f) => path.basename(f, ".sql"))
    .sort();

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    stack = await PulumiStack.create({
      programDir: PROGRAM_DIR,
      ...emulatorStackOptions(emulator),
    });
  });

  after(async () => {
    if (stack) {
      await stack.destroy();
      stack.dispose();
    }
    if (emulator) await emulator.close();
  });

  it("deploys one draft per .sql file, named after the file", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);

    const drafts = emulatorDrafts(emulator);
    assert.deepEqual(drafts.map((d) => d.name).sort(), jobNames);
    assert.equal(emulatorDeployments(emulator).length, jobNames.length);

    const outputs = await stack.outputs();
    const deployments = outputs.deployments as Record<string, string>;
    assert.deepEqual(Object.keys(deployments).sort(), jobNames);
    for (const draft of drafts) {
      assert.equal(draft.referencedDeploymentId, deployments[draft.name], `deployment of ${draft.name}`);
      assert.deepEqual(draft.localVariables, [{ name: "rowsPerSecond", value: "10" }]);
    }
  });

  it("a rate change is an update of every job, in place", async () => {
    const deploymentIds = emulatorDeployments(emulator)
      .map((d) => d.deploymentId)
      .sort();
    await stack.run(["config", "set", "alicloud-flink:rowsPerSecond", "50"], { check: true });
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.match(up.output, new RegExp(`${jobNames.length} updated`));
    assert.deepEqual(
      emulatorDeployments(emulator)
        .map((d) => d.deploymentId)
        .sort(),
      deploymentIds,
      "the same deployments, updated in place",
    );
  });
});
