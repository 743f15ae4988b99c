/**
 * examples/production-job through the real CLI (issue "Deployment settings"):
 * a sized job with checkpointing, a restart strategy and logging; a
 * parallelism change by hot update (same job, no draft write); a console edit
 * of an owned setting shown by refresh and restored by up; a job that cannot
 * fit its queue fails preview with the numbers.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { emulatorStackOptions, PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-stack";
import { startEmulator, providerClientFor } from "../contract/emulator-support";

describe("e2e: deployment settings (examples/production-job)", function () {
  this.timeout(300_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50, deploymentTargetQuota: { cpu: 12, memory: "48 GiB" } });
    stack = await PulumiStack.create({
      programDir: path.join(REPO_ROOT, "examples", "production-job"),
      ...emulatorStackOptions(emulator),
    });
  });

  after(async () => {
    if (stack) stack.dispose();
    if (emulator) await emulator.close();
  });

  const deployment = (id: unknown) => emulator.snapshot().deployments[String(id)];

  it("up deploys the job with its resources, Flink configuration and logging", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const out = await stack.outputs();
    assert.equal(out.jobStatus, "RUNNING");
    assert.equal(out.observedParallelism, 2);
    assert.deepEqual(out.observedResources, {
      parallelism: 2,
      jobManager: { cpu: 1, memory: "2 GiB" },
      taskManager: { cpu: 1, memory: "4 GiB" },
      cpu: 3,
      memory: "10 GiB",
    });
    const d = deployment(out.deploymentId);
    assert.equal(d.flinkConf?.["restart-strategy"], "fixed-delay");
    assert.equal(d.logging?.logReservePolicy?.expirationDays, 7);
    const job = emulator.snapshot().jobs[String(out.jobId)];
    assert.equal(job.resources?.flinkConf?.["execution.checkpointing.interval"], "60s");
    const preview = await stack.preview(["--expect-no-changes"]);
    assert.equal(preview.code, 0, preview.output);
  });

  it("a parallelism change is a hot update: the same job, no draft write", async () => {
    const before = await stack.outputs();
    await stack.run(["config", "set", "parallelism", "3"], { check: true });
    const mark = emulator.requestLog().length;
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const after = await stack.outputs();
    assert.equal(after.jobId, before.jobId, "no restart");
    assert.equal(after.observedParallelism, 3);
    const actions = emulator
      .requestLog()
      .slice(mark)
      .map((r) => r.action ?? "");
    assert.ok(actions.includes("HotUpdateJob"));
    assert.ok(
      !actions.some((a) => /UpdateDeploymentDraft|DeployDeploymentDraftAsync|StopJob/.test(a)),
      actions.join(","),
    );
    assert.match(up.output, /hot-updated \(resources\.parallelism 2 → 3\): no restart/);
  });

  it("a console edit of an owned setting shows at refresh; up restores it", async () => {
    const out = await stack.outputs();
    const console = providerClientFor(emulator);
    const scope = { workspace: emulator.workspace, namespace: emulator.namespace };
    const current = await console.getDeployment(scope, String(out.deploymentId));
    await console.updateDeployment(scope, String(out.deploymentId), {
      ...current,
      flinkConf: { ...current.flinkConf, "restart-strategy": "none", "pipeline.name": "console" },
    });
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    const preview = await stack.preview(["--diff"]);
    assert.equal(preview.code, 0, preview.output);
    assert.match(preview.output, /restart-strategy/);
    assert.doesNotMatch(preview.output, /pipeline\.name/, "an unowned key is never a diff");
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const d = deployment(out.deploymentId);
    assert.equal(d.flinkConf?.["restart-strategy"], "fixed-delay", "restored");
    assert.equal(d.flinkConf?.["pipeline.name"], "console", "left alone");
  });

  it("a job that cannot fit its queue fails preview with the numbers", async () => {
    await stack.run(["config", "set", "parallelism", "20"], { check: true });
    const preview = await stack.preview();
    assert.notEqual(preview.code, 0, preview.output);
    assert.match(
      preview.output,
      /the job would need 21 CPU \/ 82 GiB \(now 4 CPU \/ 14 GiB\) but queue default-queue has 12 CPU \/ 48 GiB free/,
    );
    await stack.run(["config", "set", "parallelism", "3"], { check: true });
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
  });
});
