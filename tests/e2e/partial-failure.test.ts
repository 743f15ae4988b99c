/**
 * A deploy that fails after the draft exists must not lose track of the draft:
 * the engine stores the resource with its init errors, and the next `up`
 * resumes on the same draft (no duplicate, no orphan). Through the real CLI.
 */
import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { DEPLOYED_DRAFT_TYPE } from "../../scripts/lib/pulumi-stack";
import { BASE_SQL, ConfigurableStack, ENGINE, QUICK_HEALTH_GATE } from "./configurable-stack";
import { emulatorDeployments, emulatorDrafts } from "./emulator-state";
import { admin } from "./resilience-support";

for (const kind of ["validate", "deploy"] as const) {
  describe(`e2e: a failed ${kind} ticket is resumed by the next up`, function () {
    this.timeout(240_000);

    let emulator: RunningEmulator;
    let stack: ConfigurableStack;
    let firstDraftId: string;

    before(async () => {
      emulator = await startEmulator({ ticketMs: 50 });
      stack = await ConfigurableStack.create(emulator, {
        ...QUICK_HEALTH_GATE,
        sql: BASE_SQL,
        engineVersion: ENGINE,
      });
    });

    after(async () => {
      if (stack) await stack.dispose();
      if (emulator) await emulator.close();
    });

    it("up fails with the service's message and keeps the draft in state", async () => {
      await admin(emulator, "POST", "fail-next-ticket", { kind, message: `injected ${kind} failure` });
      const up = await stack.stack.up();
      assert.notEqual(up.code, 0, "up must fail");
      assert.match(up.output, new RegExp(`injected ${kind} failure`));

      const drafts = emulatorDrafts(emulator);
      assert.equal(drafts.length, 1, "the draft exists");
      firstDraftId = drafts[0].deploymentDraftId;
      assert.equal(emulatorDeployments(emulator).length, 0, "nothing deployed yet");

      const resource = (await stack.stack.resources()).find((r) => r.type === DEPLOYED_DRAFT_TYPE);
      assert.ok(resource, "the resource is in state despite the failure");
      assert.equal(resource.id, `${emulator.workspace}:${emulator.namespace}:${firstDraftId}`);
      assert.ok((resource.initErrors ?? []).length > 0, "with its init errors recorded");
    });

    it("the next up, with nothing changed, deploys the same draft", async () => {
      const up = await stack.stack.up();
      assert.equal(up.code, 0, up.output);
      const drafts = emulatorDrafts(emulator);
      assert.deepEqual(
        drafts.map((d) => d.deploymentDraftId),
        [firstDraftId],
        "the same draft: no duplicate",
      );
      const deployments = emulatorDeployments(emulator);
      assert.equal(deployments.length, 1);
      assert.equal(drafts[0].referencedDeploymentId, deployments[0].deploymentId);

      const resource = (await stack.stack.resources()).find((r) => r.type === DEPLOYED_DRAFT_TYPE);
      assert.deepEqual(resource?.initErrors ?? [], [], "init errors cleared");
    });

    it("and a further up changes nothing", async () => {
      const up = await stack.stack.up(["--expect-no-changes"]);
      assert.equal(up.code, 0, up.output);
    });
  });
}
