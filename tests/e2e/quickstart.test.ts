/**
 * The walking skeleton, end to end: examples/quickstart through the real Pulumi
 * CLI (engine, language host, dynamic-provider process) against the emulator.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import {
  DEPLOYED_DRAFT_TYPE,
  emulatorStackOptions,
  PulumiStack,
  REPO_ROOT,
} from "../../scripts/lib/pulumi-stack";
import { emulatorDeployments, emulatorDrafts } from "./emulator-state";

describe("e2e: quickstart with the real Pulumi CLI", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 100 });
    stack = await PulumiStack.create({
      programDir: path.join(REPO_ROOT, "examples", "quickstart"),
      ...emulatorStackOptions(emulator),
    });
  });

  after(async () => {
    // Leave nothing behind even when a step failed half-way.
    if (stack) {
      await stack.destroy();
      stack.dispose();
    }
    if (emulator) await emulator.close();
  });

  it("up creates the draft and deploys it", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);

    const outputs = await stack.outputs();
    assert.match(String(outputs.deploymentDraftId), /\S+/, "deploymentDraftId output");
    assert.match(String(outputs.deploymentId), /\S+/, "deploymentId output");
    assert.match(String(outputs.sqlHash), /^sha256:[0-9a-f]{64}$/);

    const drafts = emulatorDrafts(emulator);
    assert.equal(drafts.length, 1, "exactly one draft in the emulator");
    assert.equal(drafts[0].deploymentDraftId, outputs.deploymentDraftId);
    assert.equal(drafts[0].name, outputs.draftName);
    assert.equal(drafts[0].referencedDeploymentId, outputs.deploymentId);
    const deployments = emulatorDeployments(emulator);
    assert.equal(deployments.length, 1, "exactly one deployment in the emulator");
    assert.equal(deployments[0].deploymentId, outputs.deploymentId);
  });

  it("a second up changes nothing", async () => {
    const before = emulator.requestLog().length;
    const up = await stack.up(["--expect-no-changes"]);
    assert.equal(up.code, 0, up.output);
    // ValidateSqlStatement is a POST without side effects (it touches no draft).
    const writes = emulator
      .requestLog()
      .slice(before)
      .filter((r) => r.method !== "GET" && r.action !== "ValidateSqlStatement");
    assert.deepEqual(writes, [], "a no-op up must not write to the API");
  });

  it("stores a one-line provider shim and no credentials", async () => {
    const resources = await stack.resources();
    const draft = resources.find((r) => r.type === DEPLOYED_DRAFT_TYPE);
    assert.ok(draft, `a ${DEPLOYED_DRAFT_TYPE} in state`);
    for (const where of ["inputs", "outputs"] as const) {
      const serialized: unknown = draft[where]?.__provider;
      assert.equal(typeof serialized, "string", `__provider in ${where}`);
      const size = Buffer.byteLength(String(serialized));
      assert.ok(size <= 128, `__provider in ${where} is ${size} bytes; the SDK's shim is one line`);
      assert.match(String(serialized), /require\("pulumi-alicloud-flink\/provider"\)\.deployedDraftProvider/);
    }
    const state = await stack.exportStateText();
    assert.ok(!state.includes(emulator.accessKeySecret), "the AccessKey secret must not be in state");
    assert.ok(!state.includes(emulator.accessKeyId), "the AccessKey ID must not be in state");
  });

  it("destroy leaves nothing in the emulator", async () => {
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assert.deepEqual(emulatorDrafts(emulator), []);
    assert.deepEqual(emulatorDeployments(emulator), []);
  });
});
