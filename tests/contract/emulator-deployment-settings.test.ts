/**
 * Contract: deployment settings over signed HTTP — a job copies its deployment's settings, HotUpdateJob /
 * GetHotUpdateJobResult on the manual clock, deployment-target quotas, Autopilot policies and the
 * simulated Autopilot, and whether a redeploy keeps the settings.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  callApiExpectingError,
  deployNewDraft,
  getDeployment,
  getJob,
  makeClient,
  redeploy,
  startEmulator,
  VALID_SQL,
} from "./emulator-support";

type Data = Record<string, unknown>;

function basic(parallelism: number, tmCpu = 1, tmMemory = "4 GiB"): Data {
  return {
    resourceSettingMode: "BASIC",
    basicResourceSetting: {
      parallelism,
      jobmanagerResourceSettingSpec: { cpu: 1, memory: "4 GiB" },
      taskmanagerResourceSettingSpec: { cpu: tmCpu, memory: tmMemory },
    },
  };
}

describe("emulator deployment settings", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({
      clock: "manual",
      ticketMs: 0,
      jobStartMs: 0,
      jobStopMs: 0,
      hotUpdateMs: 10_000,
      workspaces: [
        {
          id: "emulator-workspace",
          namespaces: [
            {
              name: "default-namespace",
              deploymentTargets: ["default-queue", "small-queue"],
              targetQuotas: { "small-queue": { cpu: 4, memory: "16 GiB" } },
            },
          ],
        },
      ],
    });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  const update = (deploymentId: string, body: Data): Promise<unknown> =>
    callApi(client, emulator, {
      action: "UpdateDeployment",
      method: "PUT",
      path: `/deployments/${deploymentId}`,
      body,
    });
  const start = async (deploymentId: string, queue = "default-queue"): Promise<Data> =>
    (
      await callApi(client, emulator, {
        action: "StartJobWithParams",
        method: "POST",
        path: "/jobs:start",
        body: { deploymentId, resourceQueueName: queue, restoreStrategy: { kind: "NONE" } },
      })
    ).body.data as Data;
  const running = async (deploymentId: string, queue = "default-queue"): Promise<string> => {
    const job = await start(deploymentId, queue);
    emulator.advance(1);
    return String(job.jobId);
  };
  const hotUpdate = async (jobId: string, body: Data, colon = "%3A"): Promise<Data> =>
    (
      await callApi(client, emulator, {
        action: "HotUpdateJob",
        method: "POST",
        path: `/jobs/${jobId}${colon}hotUpdate`,
        body,
      })
    ).body.data as Data;
  const hotResult = async (id: string): Promise<Data> =>
    (
      await callApi(client, emulator, {
        action: "GetHotUpdateJobResult",
        method: "GET",
        path: `/jobs/hot-updates/${id}`,
      })
    ).body.data as Data;
  const parallelismOf = (resource: Data): number =>
    Number(((resource.streamingResourceSetting as Data).basicResourceSetting as Data).parallelism);

  it("copies the deployment's settings to a job when it starts; later changes stay on the deployment", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "settings-copy");
    await update(deploymentId, {
      streamingResourceSetting: basic(3),
      flinkConf: { "table.exec.state.ttl": "1 h" },
    });
    const jobId = await running(deploymentId);
    await update(deploymentId, { streamingResourceSetting: basic(5) });
    const job = await getJob(client, emulator, jobId);
    assert.equal(parallelismOf(job), 3);
    assert.deepEqual(job.flinkConf, { "table.exec.state.ttl": "1 h" });
    assert.equal(parallelismOf(await getDeployment(client, emulator, deploymentId)), 5);
  });

  it("hot-updates parallelism and checkpoint keys of a running job without a restart", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "hot-ok");
    const jobId = await running(deploymentId);
    const submitted = await hotUpdate(jobId, {
      rescaleJobParam: { jobParallelism: 4 },
      updateJobConfigParam: { newFlinkConf: { "execution.checkpointing.interval": "30s" } },
    });
    const id = String(submitted.jobHotUpdateId);
    assert.equal(submitted.jobId, jobId);
    assert.deepEqual(submitted.status, { status: "INIT" });
    emulator.advance(2_000);
    assert.deepEqual((await hotResult(id)).status, { status: "HOT_UPDATING" });
    emulator.advance(8_000);
    const done = await hotResult(id);
    assert.deepEqual(done.status, { status: "HOT_UPDATED" });
    assert.equal(parallelismOf(done.targetResourceSetting as Data), 4);
    const job = await getJob(client, emulator, jobId);
    assert.equal((job.status as Data).currentJobStatus, "RUNNING");
    assert.equal(parallelismOf(job), 4);
    assert.equal((job.flinkConf as Data)["execution.checkpointing.interval"], "30s");
    const deployment = await getDeployment(client, emulator, deploymentId);
    assert.equal(parallelismOf(deployment), 4, "hotUpdateUpdatesDeployment (default)");
    assert.equal(deployment.deploymentHasChanged, false);
    const kinds = emulator
      .snapshot()
      .events.filter((e) => e.jobId === jobId)
      .map((e) => e.kind);
    assert.deepEqual(kinds, ["JOB_STARTING", "JOB_RUNNING", "JOB_HOT_UPDATED"]);
    const event = emulator.snapshot().events.find((e) => e.kind === "JOB_HOT_UPDATED" && e.jobId === jobId);
    assert.equal(event?.fromParallelism, 1);
    assert.equal(event?.toParallelism, 4);
  });

  it("fails a hot update of other keys, an old engine, expert mode or a stopped job (either colon form)", async () => {
    const { deploymentId, draftId } = await deployNewDraft(client, emulator, "hot-rules");
    const jobId = await running(deploymentId);
    const outcome = async (body: Data, colon = "%3A"): Promise<Data> => {
      const id = String((await hotUpdate(jobId, body, colon)).jobHotUpdateId);
      emulator.advance(10_000);
      const status = (await hotResult(id)).status as Data;
      assert.equal(status.status, "FAILED");
      return status.failure as Data;
    };
    const other = await outcome(
      { updateJobConfigParam: { newFlinkConf: { "table.exec.state.ttl": "2 h" } } },
      ":",
    );
    assert.equal(other.reason, "ParameterNotHotUpdatable");
    assert.match(String(other.message), /table\.exec\.state\.ttl/);
    assert.equal((await outcome({})).reason, "NothingToUpdate");
    await callApi(client, emulator, {
      action: "StopJob",
      method: "POST",
      path: `/jobs/${jobId}%3Astop`,
      body: { stopStrategy: "NONE" },
    });
    emulator.advance(1);
    assert.equal((await outcome({ rescaleJobParam: { jobParallelism: 2 } })).reason, "JobNotRunning");

    await update(deploymentId, { engineVersion: "vvr-6.0.7-flink-1.15" });
    const oldJob = await running(deploymentId);
    const oldId = String(
      (await hotUpdate(oldJob, { rescaleJobParam: { jobParallelism: 2 } })).jobHotUpdateId,
    );
    emulator.advance(10_000);
    assert.equal(((await hotResult(oldId)).status as Data).status, "FAILED");
    assert.match(JSON.stringify(await hotResult(oldId)), /8\.0\.1/);
    void draftId;

    const { deploymentId: expertId } = await deployNewDraft(client, emulator, "hot-expert");
    await update(expertId, {
      streamingResourceSetting: {
        resourceSettingMode: "EXPERT",
        expertResourceSetting: { resourcePlan: "{}" },
      },
    });
    const expertJob = await running(expertId);
    const expert = String(
      (await hotUpdate(expertJob, { rescaleJobParam: { jobParallelism: 2 } })).jobHotUpdateId,
    );
    emulator.advance(10_000);
    assert.equal(
      (((await hotResult(expert)).status as Data).failure as Data).reason,
      "ResourceModeNotSupported",
    );
    const ckpt = String(
      (
        await hotUpdate(expertJob, {
          updateJobConfigParam: { newFlinkConf: { "execution.checkpointing.timeout": "10min" } },
        })
      ).jobHotUpdateId,
    );
    emulator.advance(10_000);
    assert.equal(
      ((await hotResult(ckpt)).status as Data).status,
      "HOT_UPDATED",
      "checkpoint keys in expert mode",
    );

    const unknown = await callApiExpectingError(client, emulator, {
      action: "GetHotUpdateJobResult",
      method: "GET",
      path: "/jobs/hot-updates/nope",
    });
    assert.equal(unknown.code, "990301");
  });

  it("reports each target's quota and refuses a start over it", async () => {
    const targets = async (): Promise<Data[]> =>
      (
        await callApi(client, emulator, {
          action: "ListDeploymentTargets",
          method: "GET",
          path: "/deployment-targets",
        })
      ).body.data as Data[];
    const small = async (): Promise<Data> =>
      (await targets()).find((t) => t.name === "small-queue")!.quota as Data;
    const fallback = (await targets()).find((t) => t.name === "default-queue")!.quota as Data;
    assert.deepEqual(fallback.limit, { cpu: 100, memory: "400 GiB" });
    assert.deepEqual(await small(), {
      limit: { cpu: 4, memory: "16 GiB" },
      request: { cpu: 0, memory: "0 GiB" },
      used: { cpu: 0, memory: "0 GiB" },
    });
    const { deploymentId } = await deployNewDraft(client, emulator, "quota-a");
    // JM 1 CPU/4 GiB + ceil(3 / 2 slots) = 2 TMs × 1 CPU/2 GiB = 3 CPU / 8 GiB.
    await update(deploymentId, {
      streamingResourceSetting: basic(3, 1, "2 GiB"),
      flinkConf: { "taskmanager.numberOfTaskSlots": "2" },
    });
    await running(deploymentId, "small-queue");
    assert.deepEqual((await small()).used, { cpu: 3, memory: "8 GiB" });
    const { deploymentId: other } = await deployNewDraft(client, emulator, "quota-b");
    const refused = await callApiExpectingError(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs:start",
      body: { deploymentId: other, resourceQueueName: "small-queue" },
    });
    assert.equal(refused.code, "InsufficientResources");
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.message,
      /insufficient resources in queue small-queue: requested 2 CPU \/ 8 GiB, available 1 CPU \/ 8 GiB/,
    );
  });

  it("keeps Autopilot policies (full PUT) and rescales a running job within the limits", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "autopilot");
    const path = `/autopilot/v2/namespaces/${emulator.namespace}/deployments/${deploymentId}`;
    const describe = async (): Promise<Data> =>
      (
        await callApi(client, emulator, {
          action: "GetAutopilotPolicy",
          method: "GET",
          path: `${path}/autopilotpolicy-describe`,
        })
      ).body.data as Data;
    assert.equal((await describe()).enabled, false);
    const jobId = await running(deploymentId);
    const refused = await admin(emulator, "POST", "autopilot/rescale", { deploymentId, parallelism: 8 });
    assert.equal(refused.status, 409);
    const policy = {
      enabled: true,
      policyConfig: { limits: { jobMinParallelism: 1, jobMaxParallelism: 6, coolDownMinutes: 5 } },
    };
    const updated = await callApi(client, emulator, {
      action: "UpdateAutopilotPolicy",
      method: "PUT",
      path: `${path}/autopilotpolicy-update`,
      body: policy,
    });
    assert.deepEqual(updated.body.data, policy);
    assert.deepEqual(await describe(), policy);
    const rescaled = await admin(emulator, "POST", "autopilot/rescale", { deploymentId, parallelism: 8 });
    assert.deepEqual(rescaled.body, { jobId, fromParallelism: 1, toParallelism: 6 });
    assert.equal(parallelismOf(await getJob(client, emulator, jobId)), 6);
    assert.equal(parallelismOf(await getDeployment(client, emulator, deploymentId)), 6);
    assert.equal(
      (await admin(emulator, "POST", "autopilot/rescale", { deploymentId, parallelism: 2 })).status,
      409,
    );
    emulator.advance(5 * 60_000);
    assert.equal(
      (await admin(emulator, "POST", "autopilot/rescale", { deploymentId, parallelism: 2 })).status,
      200,
    );
    const events = emulator.snapshot().events.filter((e) => e.kind === "AUTOPILOT_RESCALED");
    assert.deepEqual(
      events.map((e) => [e.fromParallelism, e.toParallelism]),
      [
        [1, 6],
        [6, 2],
      ],
    );
    // Full PUT: what is not sent is cleared.
    await callApi(client, emulator, {
      action: "UpdateAutopilotPolicy",
      method: "PUT",
      path: `${path}/autopilotpolicy-update`,
      body: { enabled: false },
    });
    assert.deepEqual(await describe(), { enabled: false, policyConfig: {} });
  });

  it("quotaExceeded: fail-job starts the job and fails it while starting", async () => {
    const other = await startEmulator({
      ticketMs: 5,
      jobStartMs: 5,
      quotaExceeded: "fail-job",
      deploymentTargetQuota: { cpu: 1, memory: "4 GiB" },
    });
    try {
      const otherClient = makeClient(other);
      const { deploymentId } = await deployNewDraft(otherClient, other, "over-quota");
      const started = await callApi(otherClient, other, {
        action: "StartJobWithParams",
        method: "POST",
        path: "/jobs:start",
        body: { deploymentId },
      });
      const jobId = String((started.body.data as Data).jobId);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const status = (await getJob(otherClient, other, jobId)).status as Data;
      assert.equal(status.currentJobStatus, "FAILED");
      assert.equal((status.failure as Data).reason, "InsufficientResources");
      assert.match(String((status.failure as Data).message), /insufficient resources in queue default-queue/);
    } finally {
      await other.close();
    }
  });

  it("a redeploy keeps the deployment's settings by default", async () => {
    const { draftId, deploymentId } = await deployNewDraft(client, emulator, "redeploy-keeps");
    await update(deploymentId, { streamingResourceSetting: basic(7), flinkConf: { a: "b" } });
    await redeploy(client, emulator, draftId, `${VALID_SQL}\n-- changed`);
    const deployment = await getDeployment(client, emulator, deploymentId);
    assert.equal(parallelismOf(deployment), 7);
    assert.deepEqual(deployment.flinkConf, { a: "b" });
  });

  it("redeployKeepsSettings: false resets them to the defaults", async () => {
    const other = await startEmulator({ ticketMs: 5, redeployKeepsSettings: false });
    try {
      const otherClient = makeClient(other);
      const { draftId, deploymentId } = await deployNewDraft(otherClient, other, "redeploy-resets");
      await callApi(otherClient, other, {
        action: "UpdateDeployment",
        method: "PUT",
        path: `/deployments/${deploymentId}`,
        body: { streamingResourceSetting: basic(7) },
      });
      await redeploy(otherClient, other, draftId, `${VALID_SQL}\n-- changed`);
      assert.equal(parallelismOf(await getDeployment(otherClient, other, deploymentId)), 1);
    } finally {
      await other.close();
    }
  });
});
