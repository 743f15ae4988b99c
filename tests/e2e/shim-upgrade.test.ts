/**
 * A stack written by an earlier SDK, whose resources hold the shim Pulumi's
 * closure serializer wrote (2 KB, sdk/shim.ts), moves to the SDK's own
 * one-line shim without a change: preview and up see nothing to do, and
 * refresh and destroy still work through the serialized shim its outputs
 * keep. Only the real CLI shows this (which `__provider` the engine hands
 * each method).
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { DEPLOYED_DRAFT_TYPE, PulumiStack } from "../../scripts/lib/pulumi-stack";
import { emulatorDeployments, emulatorDrafts } from "./emulator-state";

const SQL =
  "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen');\n" +
  "CREATE TEMPORARY TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');\n" +
  "INSERT INTO snk SELECT id FROM src;\n";

describe("e2e: a stack moves from the serialized shim to the SDK's own", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    stack = await PulumiStack.create({
      programDir: path.join(__dirname, "shim-upgrade-program"),
      config: {
        "alicloud-flink:workspace": emulator.workspace,
        "alicloud-flink:namespace": emulator.namespace,
        "alicloud-flink:endpoint": emulator.endpoint,
        "test:sql": SQL,
        "test:engineVersion": "vvr-8.0.11-flink-1.17",
        "test:shim": "serialized",
      },
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
      },
    });
  });

  after(async () => {
    if (stack) {
      await stack.destroy();
      stack.dispose();
    }
    if (emulator) await emulator.close();
  });

  async function providerTexts(): Promise<{ inputs: string; outputs: string }> {
    const draft = (await stack.resources()).find((r) => r.type === DEPLOYED_DRAFT_TYPE);
    assert.ok(draft, "the draft is in state");
    return { inputs: String(draft.inputs?.__provider), outputs: String(draft.outputs?.__provider) };
  }

  it("a draft deployed through the serialized shim", async () => {
    await stack.up([], { check: true });
    const { outputs } = await providerTexts();
    assert.ok(Buffer.byteLength(outputs) > 1024, `the serialized shim (${Buffer.byteLength(outputs)} bytes)`);
    assert.equal(emulatorDeployments(emulator).length, 1);
  });

  it("the same program on the SDK's shim: preview and up see no change, and write nothing", async () => {
    await stack.run(["config", "set", "test:shim", "current"], { check: true });
    const preview = await stack.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, preview.output);
    const before = emulator.requestLog().length;
    const up = await stack.up(["--expect-no-changes"]);
    assert.equal(up.code, 0, up.output);
    const writes = emulator
      .requestLog()
      .slice(before)
      .filter((r) => r.method !== "GET" && r.action !== "ValidateSqlStatement");
    assert.deepEqual(writes, [], "nothing written to the API");
    const { inputs } = await providerTexts();
    assert.match(inputs, /\.deployedDraftProvider;/, "the inputs carry the SDK's shim");
  });

  it("refresh and destroy work through whichever shim the outputs keep", async () => {
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assert.deepEqual(emulatorDrafts(emulator), []);
    assert.deepEqual(emulatorDeployments(emulator), []);
  });
});
