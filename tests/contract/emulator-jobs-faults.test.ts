/**
 * Contract: what happens to jobs outside the API, driven by the admin API — a job that fails while
 * starting (armed before the deployment even exists) or after running a while, a job killed behind
 * the caller's back (CANCELLED or FAILED), Flink restarts (observedFlinkJobRestarts), and separately
 * configurable start and stop durations.
 */
import assert from "node:assert/strict";
import { type RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  callApiExpectingError,
  deployNewDraft,
  getDeployment,
  getJob,
  makeClient,
  sleep,
  startJob,
  statusOf,
  stopJob,
  waitForJobStatus,
  startEmulator,
} from "./emulator-support";

describe("emulator job faults, kills and restarts", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 20, jobStartMs: 20, jobStopMs: 20 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  async function runningJob(deploymentId: string): Promise<string> {
    const jobId = String((await startJob(client, emulator, deploymentId)).jobId);
    await waitForJobStatus(client, emulator, jobId, "RUNNING");
    return jobId;
  }

  async function eventKinds(deploymentId: string): Promise<string[]> {
    const events = await admin(emulator, "GET", `events?deploymentId=${deploymentId}`);
    return (events.body as Array<Record<string, unknown>>).map((e) => String(e.kind));
  }

  it("fails the next start of a deployment, armed by name before it exists, with the reason", async () => {
    const armed = await admin(emulator, "POST", "fail-job", {
      deploymentName: "fails-at-start",
      reason: "KubernetesDeploymentNotProgressing",
      message: "Deployment does not have minimum availability.",
    });
    assert.equal(armed.status, 200);
    const { deploymentId } = await deployNewDraft(client, emulator, "fails-at-start");

    const jobId = String((await startJob(client, emulator, deploymentId)).jobId);
    const failed = await waitForJobStatus(client, emulator, jobId, "FAILED");
    const failure = statusOf(failed).failure as Record<string, unknown>;
    assert.equal(failure.reason, "KubernetesDeploymentNotProgressing");
    assert.equal(failure.message, "Deployment does not have minimum availability.");
    assert.equal(typeof failure.failedAt, "number");
    assert.equal(statusOf(failed).running, undefined);
    assert.deepEqual(await eventKinds(deploymentId), ["DEPLOYMENT_CREATED", "JOB_STARTING", "JOB_FAILED"]);
    assert.equal(
      Object.values(emulator.snapshot().savepoints).filter((s) => s.deploymentId === deploymentId).length,
      0,
      "a job that never ran leaves no checkpoint",
    );

    const retry = String((await startJob(client, emulator, deploymentId)).jobId);
    await waitForJobStatus(client, emulator, retry, "RUNNING");
    assert.equal(
      ((await getDeployment(client, emulator, deploymentId)).jobSummary as Record<string, unknown>).failed,
      1,
      "the failure was used up by one start",
    );
  });

  it("fails a running job after a while, leaving a retained checkpoint", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "fails-later");
    const jobId = await runningJob(deploymentId);
    const scheduled = await admin(emulator, "POST", "fail-job", {
      jobId,
      afterMs: 300,
      reason: "TaskManagerLost",
      message: "TaskManager with id tm-1 is no longer reachable.",
    });
    assert.equal((scheduled.body as Record<string, unknown>).jobId, jobId);
    assert.equal(statusOf(await getJob(client, emulator, jobId)).currentJobStatus, "RUNNING");

    const failed = await waitForJobStatus(client, emulator, jobId, "FAILED");
    assert.equal((statusOf(failed).failure as Record<string, unknown>).reason, "TaskManagerLost");
    assert.equal(typeof failed.endTime, "number");
    const checkpoints = Object.values(emulator.snapshot().savepoints).filter((s) => s.jobId === jobId);
    assert.equal(checkpoints.length, 1);
    assert.equal(checkpoints[0].savepointOrigin, "RETAINED_CHECKPOINT");

    const stopFailed = await callApiExpectingError(client, emulator, {
      action: "StopJob",
      method: "POST",
      path: `/jobs/${jobId}:stop`,
      body: { stopStrategy: "STOP_WITH_SAVEPOINT" },
    });
    assert.match(String(stopFailed.data.errorMessage), /FAILED/);
    await callApi(client, emulator, { action: "DeleteJob", method: "DELETE", path: `/jobs/${jobId}` });
  });

  it("arms a failure for the next start anywhere, or for the next start despite a live job", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "fails-next");
    const live = await runningJob(deploymentId);
    await admin(emulator, "POST", "fail-job", {
      deploymentId,
      nextStart: true,
      afterMs: 150,
      reason: "Upgrade",
    });
    assert.equal(
      statusOf(await getJob(client, emulator, live)).currentJobStatus,
      "RUNNING",
      "live job spared",
    );
    await stopJob(client, emulator, live, "NONE");
    await waitForJobStatus(client, emulator, live, "CANCELLED");
    const upgraded = String((await startJob(client, emulator, deploymentId)).jobId);
    await waitForJobStatus(client, emulator, upgraded, "RUNNING");
    const failed = await waitForJobStatus(client, emulator, upgraded, "FAILED");
    assert.equal((statusOf(failed).failure as Record<string, unknown>).reason, "Upgrade");

    await admin(emulator, "POST", "fail-job", { reason: "Anywhere" });
    const anywhere = String((await startJob(client, emulator, deploymentId)).jobId);
    const failedAnywhere = await waitForJobStatus(client, emulator, anywhere, "FAILED");
    assert.equal((statusOf(failedAnywhere).failure as Record<string, unknown>).reason, "Anywhere");
  });

  it("kills a job outside the API: CANCELLED by a console user, or FAILED with a reason", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "killed");
    const first = await runningJob(deploymentId);
    const killed = await admin(emulator, "POST", "kill-job", { jobId: first });
    assert.equal(killed.status, 200);
    const cancelled = await getJob(client, emulator, first);
    assert.equal(statusOf(cancelled).currentJobStatus, "CANCELLED", "at once, without CANCELLING");
    assert.equal(cancelled.modifierName, "console-user");

    const second = await runningJob(deploymentId);
    await admin(emulator, "POST", "kill-job", {
      deploymentId,
      status: "FAILED",
      reason: "OutOfMemoryError",
      message: "Java heap space",
    });
    const failed = await getJob(client, emulator, second);
    assert.deepEqual(
      { ...(statusOf(failed).failure as Record<string, unknown>), failedAt: 0 },
      { failedAt: 0, reason: "OutOfMemoryError", message: "Java heap space" },
    );
    assert.deepEqual((await eventKinds(deploymentId)).slice(-3), [
      "JOB_RUNNING",
      "SAVEPOINT_COMPLETED",
      "JOB_FAILED",
    ]);

    const again = await admin(emulator, "POST", "kill-job", { jobId: second });
    assert.equal(again.status, 409);
    assert.match(String((again.body as Record<string, unknown>).error), /FAILED/);
    const untargeted = await admin(emulator, "POST", "kill-job", {});
    assert.equal(untargeted.status, 400);
    const noLiveJob = await admin(emulator, "POST", "kill-job", { deploymentId });
    assert.equal(noLiveJob.status, 404);
  });

  it("counts Flink restarts of a running job, at once or spread over time", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "restarts");
    const jobId = await runningJob(deploymentId);
    const running = () =>
      getJob(client, emulator, jobId).then((j) => statusOf(j).running as Record<string, unknown>);
    assert.equal((await running()).observedFlinkJobRestarts, 0);

    const answer = await admin(emulator, "POST", "restart-job", { jobId, times: 2 });
    assert.equal(
      ((answer.body as Record<string, unknown>).status as Record<string, unknown>).currentJobStatus,
      "RUNNING",
    );
    assert.equal((await running()).observedFlinkJobRestarts, 2);

    await admin(emulator, "POST", "restart-job", { deploymentName: "restarts", times: 2, intervalMs: 400 });
    assert.equal((await running()).observedFlinkJobRestarts, 3, "the first of the spread restarts is now");
    await sleep(450);
    assert.equal((await running()).observedFlinkJobRestarts, 4);
    assert.equal((await eventKinds(deploymentId)).filter((k) => k === "JOB_RESTARTED").length, 4);
  });

  it("takes jobStart and jobStop durations separately; CANCELLING still blocks deletes", async () => {
    await admin(emulator, "POST", "durations", { jobStart: 10, jobStop: 250 });
    try {
      const { deploymentId } = await deployNewDraft(client, emulator, "slow-stop");
      const jobId = await runningJob(deploymentId);
      await stopJob(client, emulator, jobId, "STOP_WITH_SAVEPOINT");
      await sleep(50);
      assert.equal(statusOf(await getJob(client, emulator, jobId)).currentJobStatus, "CANCELLING");
      const blocked = await callApiExpectingError(client, emulator, {
        action: "DeleteDeployment",
        method: "DELETE",
        path: `/deployments/${deploymentId}`,
      });
      assert.equal(blocked.data.errorCode, "DeploymentHasActiveJob");
      const jobBlocked = await callApiExpectingError(client, emulator, {
        action: "DeleteJob",
        method: "DELETE",
        path: `/jobs/${jobId}`,
      });
      assert.equal(jobBlocked.data.errorCode, "InvalidJobState");
      await waitForJobStatus(client, emulator, jobId, "CANCELLED");
      await callApi(client, emulator, {
        action: "DeleteDeployment",
        method: "DELETE",
        path: `/deployments/${deploymentId}`,
      });
    } finally {
      await admin(emulator, "POST", "durations", { jobStart: 20, jobStop: 20 });
    }
  });

  it("refuses a start on a resource queue that does not exist, naming it", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "bad-queue");
    const error = await callApiExpectingError(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs:start",
      body: { deploymentId, resourceQueueName: "no-such-queue" },
    });
    assert.equal(error.statusCode, 400);
    assert.match(String(error.data.errorMessage), /body\.resourceQueueName no-such-queue/);
  });
});
