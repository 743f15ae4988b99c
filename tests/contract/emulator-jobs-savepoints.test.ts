/**
 * Contract: job state across stops and starts — savepoints taken by StopJob (STOP_WITH_SAVEPOINT,
 * STOP_WITH_DRAIN), retained checkpoints, ListSavepoints/GetSavepoint, every restoreStrategy kind,
 * the event log's order (stop with savepoint → start from it), and Deployment.deploymentHasChanged.
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
  redeploy,
  startJob,
  statusOf,
  stopJob,
  VALID_SQL,
  waitForJobStatus,
  startEmulator,
} from "./emulator-support";

const CHANGED_SQL = VALID_SQL.replace("SELECT id FROM src", "SELECT id + 1 FROM src");

describe("emulator job savepoints and restore strategies", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 20, jobStartMs: 20, jobStopMs: 20 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  async function listSavepoints(query: Record<string, string>): Promise<Array<Record<string, unknown>>> {
    const listed = await callApi(client, emulator, {
      action: "ListSavepoints",
      method: "GET",
      path: "/savepoints",
      query,
    });
    return listed.body.data as Array<Record<string, unknown>>;
  }

  async function runningJob(
    deploymentId: string,
    restoreStrategy?: Record<string, unknown>,
  ): Promise<string> {
    const jobId = String((await startJob(client, emulator, deploymentId, restoreStrategy)).jobId);
    await waitForJobStatus(client, emulator, jobId, "RUNNING");
    return jobId;
  }

  it("upgrades through a savepoint: stop with savepoint, redeploy, start from it — in that order", async () => {
    const { draftId, deploymentId } = await deployNewDraft(client, emulator, "sp-upgrade");
    const firstJob = await runningJob(deploymentId);

    // Long enough to see the savepoint in flight.
    await admin(emulator, "POST", "durations", { jobStop: 300 });
    const stopping = await stopJob(client, emulator, firstJob, "STOP_WITH_SAVEPOINT");
    assert.equal(statusOf(stopping).currentJobStatus, "CANCELLING");
    const inFlight = await listSavepoints({ jobId: firstJob });
    assert.equal(inFlight.length, 1);
    assert.equal((inFlight[0].status as Record<string, unknown>).state, "STARTED");
    const savepointId = String(inFlight[0].savepointId);

    await waitForJobStatus(client, emulator, firstJob, "CANCELLED");
    await admin(emulator, "POST", "durations", { jobStop: 20 });
    const savepoint = await callApi(client, emulator, {
      action: "GetSavepoint",
      method: "GET",
      path: `/savepoints/${savepointId}`,
    });
    const data = savepoint.body.data as Record<string, unknown>;
    assert.equal((data.status as Record<string, unknown>).state, "COMPLETED");
    assert.equal(data.savepointOrigin, "STOP_WITH_SAVEPOINT");
    assert.equal(data.stopWithDrainEnabled, false);
    assert.equal(data.deploymentId, deploymentId);
    assert.equal(data.jobId, firstJob);
    assert.equal(data.savepointLocation, `oss://emulator/savepoints/${savepointId}`);
    assert.equal(typeof data.createdAt, "number", "Savepoint.createdAt is an integer in the API metadata");

    await redeploy(client, emulator, draftId, CHANGED_SQL);
    const second = await startJob(client, emulator, deploymentId, { kind: "LATEST_SAVEPOINT" });
    assert.deepEqual(second.restoreStrategy, { kind: "LATEST_SAVEPOINT", savepointId });
    const sql = (second.artifact as { sqlArtifact: { sqlScript: string } }).sqlArtifact.sqlScript;
    assert.equal(sql, CHANGED_SQL, "the new job runs the redeployed SQL");

    const events = (await admin(emulator, "GET", `events?deploymentId=${deploymentId}`)).body as Array<
      Record<string, unknown>
    >;
    // The new job may already be RUNNING: compare up to its start.
    assert.deepEqual(
      events.slice(0, 8).map((e) => [e.kind, e.stopStrategy ?? e.restoreKind ?? null, e.savepointId ?? null]),
      [
        ["DEPLOYMENT_CREATED", null, null],
        ["JOB_STARTING", "NONE", null],
        ["JOB_RUNNING", null, null],
        ["JOB_STOPPING", "STOP_WITH_SAVEPOINT", savepointId],
        ["SAVEPOINT_COMPLETED", null, savepointId],
        ["JOB_CANCELLED", null, null],
        ["DEPLOYMENT_UPDATED", null, null],
        ["JOB_STARTING", "LATEST_SAVEPOINT", savepointId],
      ],
    );
    const seqs = events.map((e) => Number(e.seq));
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      "seq follows the order",
    );
    assert.ok(emulator.snapshot().savepoints[savepointId], "the savepoint is in the snapshot");
    assert.ok(emulator.snapshot().events.length >= events.length, "the events are in the snapshot");
  });

  it("records a drained stop and restores FROM_SAVEPOINT by ID", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "sp-drain");
    const jobId = await runningJob(deploymentId);
    await stopJob(client, emulator, jobId, "STOP_WITH_DRAIN");
    await waitForJobStatus(client, emulator, jobId, "CANCELLED");
    const [savepoint] = await listSavepoints({ deploymentId });
    assert.equal(savepoint.stopWithDrainEnabled, true);

    const restored = await startJob(client, emulator, deploymentId, {
      kind: "FROM_SAVEPOINT",
      savepointId: savepoint.savepointId,
      allowNonRestoredState: true,
    });
    assert.deepEqual(restored.restoreStrategy, {
      kind: "FROM_SAVEPOINT",
      savepointId: savepoint.savepointId,
      allowNonRestoredState: true,
    });
  });

  it("refuses FROM_SAVEPOINT without an ID or with an unknown one, naming it", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "sp-unknown");
    const missing = await callApiExpectingError(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs:start",
      body: { deploymentId, restoreStrategy: { kind: "FROM_SAVEPOINT" } },
    });
    assert.equal(missing.statusCode, 400);
    assert.match(String(missing.data.errorMessage), /body\.restoreStrategy\.savepointId is required/);

    const unknown = await callApiExpectingError(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs:start",
      body: { deploymentId, restoreStrategy: { kind: "FROM_SAVEPOINT", savepointId: "sp-does-not-exist" } },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.data.errorCode, "SavepointNotFound");
    assert.match(String(unknown.data.errorMessage), /sp-does-not-exist/);

    const notFound = await callApiExpectingError(client, emulator, {
      action: "GetSavepoint",
      method: "GET",
      path: "/savepoints/sp-does-not-exist",
    });
    assert.equal(notFound.statusCode, 404);
    assert.equal(notFound.data.errorCode, "990301");
  });

  it("tells LATEST_SAVEPOINT from LATEST_STATE: only the latter restores a retained checkpoint", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "sp-latest");
    const fresh = await startJob(client, emulator, deploymentId, { kind: "LATEST_SAVEPOINT" });
    assert.deepEqual(fresh.restoreStrategy, { kind: "LATEST_SAVEPOINT" }, "no savepoint yet: starts fresh");
    const firstJob = String(fresh.jobId);
    await waitForJobStatus(client, emulator, firstJob, "RUNNING");
    await stopJob(client, emulator, firstJob, "NONE");
    await waitForJobStatus(client, emulator, firstJob, "CANCELLED");

    const [checkpoint] = await listSavepoints({ deploymentId });
    assert.equal(checkpoint.savepointOrigin, "RETAINED_CHECKPOINT");
    assert.equal(checkpoint.jobId, firstJob);

    const noSavepoint = await startJob(client, emulator, deploymentId, { kind: "LATEST_SAVEPOINT" });
    assert.deepEqual(noSavepoint.restoreStrategy, { kind: "LATEST_SAVEPOINT" });
    // Stopped while STARTING: it never ran, so neither a savepoint nor a checkpoint is taken.
    await stopJob(client, emulator, String(noSavepoint.jobId), "STOP_WITH_SAVEPOINT");
    await waitForJobStatus(client, emulator, String(noSavepoint.jobId), "CANCELLED");
    assert.equal((await listSavepoints({ deploymentId })).length, 1);

    const latestState = await startJob(client, emulator, deploymentId, { kind: "LATEST_STATE" });
    assert.deepEqual(latestState.restoreStrategy, {
      kind: "LATEST_STATE",
      savepointId: checkpoint.savepointId,
    });
    await stopJob(client, emulator, String(latestState.jobId), "NONE");
    await waitForJobStatus(client, emulator, String(latestState.jobId), "CANCELLED");

    const none = await startJob(client, emulator, deploymentId, {
      kind: "NONE",
      jobStartTimeInMs: 1700000000000,
    });
    assert.deepEqual(none.restoreStrategy, { kind: "NONE", jobStartTimeInMs: 1700000000000 });
  });

  it("pages ListSavepoints, newest first, and deletes a deployment's savepoints with it", async () => {
    const { deploymentId } = await deployNewDraft(client, emulator, "sp-list");
    for (let i = 0; i < 3; i += 1) {
      const jobId = await runningJob(deploymentId);
      await stopJob(client, emulator, jobId, "STOP_WITH_SAVEPOINT");
      await waitForJobStatus(client, emulator, jobId, "CANCELLED");
    }
    const page = await callApi(client, emulator, {
      action: "ListSavepoints",
      method: "GET",
      path: "/savepoints",
      query: { deploymentId, pageSize: "2", pageIndex: "1" },
    });
    assert.equal(page.body.totalSize, 3);
    const items = page.body.data as Array<Record<string, unknown>>;
    assert.equal(items.length, 2);
    assert.ok(Number(items[0].createdAt) >= Number(items[1].createdAt));

    await callApi(client, emulator, {
      action: "DeleteDeployment",
      method: "DELETE",
      path: `/deployments/${deploymentId}`,
    });
    assert.equal((await listSavepoints({ deploymentId })).length, 0);
  });

  it("sets deploymentHasChanged when a changed deploy lands after the running job started", async () => {
    const { draftId, deploymentId } = await deployNewDraft(client, emulator, "sp-changed");
    assert.equal((await getDeployment(client, emulator, deploymentId)).deploymentHasChanged, false);
    const jobId = await runningJob(deploymentId);
    assert.equal((await getDeployment(client, emulator, deploymentId)).deploymentHasChanged, false);

    await redeploy(client, emulator, draftId, VALID_SQL);
    assert.equal(
      (await getDeployment(client, emulator, deploymentId)).deploymentHasChanged,
      false,
      "redeploying the same content is no change",
    );

    await redeploy(client, emulator, draftId, CHANGED_SQL);
    const changed = await getDeployment(client, emulator, deploymentId);
    assert.equal(changed.deploymentHasChanged, true);
    assert.deepEqual(changed.jobSummary, {
      starting: 0,
      running: 1,
      cancelling: 0,
      cancelled: 0,
      finished: 0,
      failed: 0,
    });
    const running = await getJob(client, emulator, jobId);
    const sql = (running.artifact as { sqlArtifact: { sqlScript: string } }).sqlArtifact.sqlScript;
    assert.equal(sql, VALID_SQL, "the running job keeps the version it started with");

    await stopJob(client, emulator, jobId, "STOP_WITH_SAVEPOINT");
    await waitForJobStatus(client, emulator, jobId, "CANCELLED");
    assert.equal((await getDeployment(client, emulator, deploymentId)).deploymentHasChanged, false);
    await runningJob(deploymentId, { kind: "LATEST_SAVEPOINT" });
    const restarted = await getDeployment(client, emulator, deploymentId);
    assert.equal(restarted.deploymentHasChanged, false, "false again after the restart");
    assert.equal((restarted.jobSummary as Record<string, unknown>).cancelled, 1);
  });
});
