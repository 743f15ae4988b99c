/**
 * The deployment-settings operations through the real client against the
 * emulator over HTTP: UpdateDeployment (whole body), HotUpdateJob and its
 * result, Get/UpdateAutopilotPolicy (below /autopilot/v2), and the quota of
 * ListDeploymentTargets.
 */
import { strict as assert } from "node:assert";
import { type RunningEmulator } from "../../emulator";
import { type Scope } from "../../provider/client";
import { FlinkClient } from "../../provider/client/flink-client";
import { startEmulator, providerClientFor } from "./emulator-support";

const SQL = [
  "CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');",
  "INSERT INTO snk SELECT id FROM src;",
].join("\n");

async function until<T>(fetch: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await fetch();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("did not finish");
}

describe("client contract: deployment settings operations", () => {
  let emulator: RunningEmulator;
  let client: FlinkClient;
  let scope: Scope;

  before(async () => {
    emulator = await startEmulator({ port: 0, ticketMs: 20 });
    client = providerClientFor(emulator);
    scope = { workspace: emulator.workspace, namespace: emulator.namespace };
  });
  after(async () => {
    await emulator.close();
  });

  it("updates a deployment, hot-updates its job, reads quotas and sets the Autopilot policy", async () => {
    const draft = await client.createDeploymentDraft(scope, {
      name: `settings-${Date.now().toString(36)}`,
      engineVersion: "vvr-8.0.11-flink-1.17",
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: SQL } },
    });
    const draftId = draft.deploymentDraftId ?? assert.fail("no draft id");
    await client.acquireDeploymentDraftLock(scope, draftId);
    const ticket = await client.deployDeploymentDraftAsync(scope, {
      deploymentDraftId: draftId,
      deploymentTarget: { name: "default-queue", mode: "PER_JOB" },
    });
    const deployed = await until(
      () => client.getDeployDeploymentDraftResult(scope, ticket),
      (r) => r.ticketStatus === "FINISHED" || r.ticketStatus === "FAILED",
    );
    const deploymentId = deployed.deploymentId ?? assert.fail("no deployment id");

    const current = await client.getDeployment(scope, deploymentId);
    assert.equal(current.streamingResourceSetting?.resourceSettingMode, "BASIC");
    const basic = current.streamingResourceSetting?.basicResourceSetting;
    const updated = await client.updateDeployment(scope, deploymentId, {
      ...current,
      streamingResourceSetting: {
        ...current.streamingResourceSetting,
        basicResourceSetting: { ...basic, parallelism: 2 },
      },
    });
    assert.equal(updated.streamingResourceSetting?.basicResourceSetting?.parallelism, 2);

    const job = await client.startJob(scope, { deploymentId, restoreStrategy: { kind: "NONE" } });
    const jobId = job.jobId ?? assert.fail("no job id");
    await until(
      () => client.getJob(scope, jobId),
      (j) => j.status?.currentJobStatus === "RUNNING",
    );
    const [target] = await client.listDeploymentTargets(scope);
    assert.equal(target?.quota?.limit?.cpu, 100);
    assert.equal(target?.quota?.used?.cpu, 3, "JobManager + 2 TaskManagers of 1 CPU");
    assert.equal(target?.quota?.used?.memory, "12 GiB");

    const hot = await client.hotUpdateJob(scope, jobId, {
      rescaleJobParam: { jobParallelism: 3 },
      updateJobConfigParam: { newFlinkConf: { "execution.checkpointing.interval": "30s" } },
    });
    assert.equal(hot.status?.status, "INIT");
    const result = await until(
      () => client.getHotUpdateJobResult(scope, hot.jobHotUpdateId ?? ""),
      (r) => r.status?.status === "HOT_UPDATED" || r.status?.status === "FAILED",
    );
    assert.equal(result.status?.status, "HOT_UPDATED", JSON.stringify(result));
    const after = await client.getJob(scope, jobId);
    assert.equal(after.streamingResourceSetting?.basicResourceSetting?.parallelism, 3);
    assert.equal(after.flinkConf?.["execution.checkpointing.interval"], "30s");

    const policy = await client.getAutopilotPolicy(scope, deploymentId);
    assert.equal(policy.enabled, false);
    await client.updateAutopilotPolicy(scope, deploymentId, {
      enabled: true,
      policyConfig: { limits: { jobMaxParallelism: 8 } },
    });
    const now = await client.getAutopilotPolicy(scope, deploymentId);
    assert.equal(now.enabled, true);
    assert.deepEqual(now.policyConfig, { limits: { jobMaxParallelism: 8 } });
    await client.stopJob(scope, jobId, "NONE");
  });
});
