/**
 * Contract: deployments and jobs — start (SDK's `/jobs%3Astart`), STARTING → RUNNING, a running job
 * blocks DeleteDeployment, stop (Terraform's literal `/jobs/{id}:stop`) → CANCELLING → CANCELLED,
 * ListJobs requires deploymentId, DeleteJob, ListDeployments.
 */
import assert from "node:assert/strict";
import { type RunningEmulator } from "../../emulator";
import {
  callApi,
  callApiExpectingError,
  createLockedDraft,
  makeClient,
  runTicket,
  sleep,
  sqlDraft,
  VALID_SQL,
  startEmulator,
} from "./emulator-support";

describe("emulator jobs", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 20, jobStartMs: 40 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  async function jobStatus(jobId: string): Promise<Record<string, unknown>> {
    const job = await callApi(client, emulator, { action: "GetJob", method: "GET", path: `/jobs/${jobId}` });
    return job.body.data as Record<string, unknown>;
  }

  async function waitForStatus(jobId: string, wanted: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 100; i += 1) {
      const job = await jobStatus(jobId);
      if ((job.status as Record<string, unknown>).currentJobStatus === wanted) return job;
      await sleep(10);
    }
    throw new Error(`job ${jobId} never reached ${wanted}`);
  }

  it("starts, runs, stops and deletes a job of a deployed draft", async () => {
    const draftId = await createLockedDraft(client, emulator, sqlDraft("jobs-lifecycle", VALID_SQL));
    const deployed = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
    });
    const deploymentId = String(deployed.deploymentId);

    const started = await callApi(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs%3Astart",
      body: { deploymentId, restoreStrategy: { kind: "NONE" }, resourceQueueName: "default-queue" },
    });
    const job = started.body.data as Record<string, unknown>;
    const jobId = String(job.jobId);
    assert.equal((job.status as Record<string, unknown>).currentJobStatus, "STARTING");
    assert.equal(typeof job.createdAt, "string", "Job.createdAt is a string in the SDK");
    assert.equal(typeof job.startTime, "number", "Job.startTime is a number in the SDK");
    assert.equal(job.deploymentName, "jobs-lifecycle");

    const second = await callApiExpectingError(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs:start",
      body: { deploymentId },
    });
    assert.equal(second.statusCode, 400);
    assert.match(String(second.data.errorMessage), /already has job/);

    const running = await waitForStatus(jobId, "RUNNING");
    assert.equal(
      ((running.status as Record<string, unknown>).running as Record<string, unknown>).observedFlinkJobStatus,
      "RUNNING",
    );

    const deployment = await callApi(client, emulator, {
      action: "GetDeployment",
      method: "GET",
      path: `/deployments/${deploymentId}`,
    });
    const summary = (deployment.body.data as Record<string, unknown>).jobSummary as Record<string, unknown>;
    assert.equal(summary.running, 1);

    const blocked = await callApiExpectingError(client, emulator, {
      action: "DeleteDeployment",
      method: "DELETE",
      path: `/deployments/${deploymentId}`,
    });
    assert.equal(blocked.statusCode, 400);
    assert.match(String(blocked.data.errorMessage), /stop the job first/);

    const notStopped = await callApiExpectingError(client, emulator, {
      action: "DeleteJob",
      method: "DELETE",
      path: `/jobs/${jobId}`,
    });
    assert.match(String(notStopped.data.errorMessage), /stop it first/);

    const badStop = await callApiExpectingError(client, emulator, {
      action: "StopJob",
      method: "POST",
      path: `/jobs/${jobId}:stop`,
      body: {},
    });
    assert.match(String(badStop.data.errorMessage), /body\.stopStrategy/);

    const stopping = await callApi(client, emulator, {
      action: "StopJob",
      method: "POST",
      path: `/jobs/${jobId}:stop`,
      body: { stopStrategy: "NONE" },
    });
    assert.equal(
      ((stopping.body.data as Record<string, unknown>).status as Record<string, unknown>).currentJobStatus,
      "CANCELLING",
    );
    const cancelled = await waitForStatus(jobId, "CANCELLED");
    assert.equal(typeof cancelled.endTime, "number");

    const listed = await callApi(client, emulator, {
      action: "ListJobs",
      method: "GET",
      path: "/jobs",
      query: { deploymentId },
    });
    assert.equal((listed.body.data as unknown[]).length, 1);
    assert.equal(listed.body.totalSize, 1);

    await callApi(client, emulator, { action: "DeleteJob", method: "DELETE", path: `/jobs/${jobId}` });
    const gone = await callApiExpectingError(client, emulator, {
      action: "GetJob",
      method: "GET",
      path: `/jobs/${jobId}`,
    });
    assert.equal(gone.data.errorCode, "990301");

    const deleted = await callApi(client, emulator, {
      action: "DeleteDeployment",
      method: "DELETE",
      path: `/deployments/${deploymentId}`,
    });
    assert.equal(deleted.body.success, true);
    const draft = await callApi(client, emulator, {
      action: "GetDeploymentDraft",
      method: "GET",
      path: `/deployment-drafts/${draftId}`,
    });
    assert.equal((draft.body.data as Record<string, unknown>).referencedDeploymentId, undefined);
  });

  it("requires deploymentId for ListJobs", async () => {
    const error = await callApiExpectingError(client, emulator, {
      action: "ListJobs",
      method: "GET",
      path: "/jobs",
    });
    assert.equal(error.statusCode, 400);
    assert.match(String(error.data.errorMessage), /deploymentId/);
  });

  it("lists deployments, filtered by name", async () => {
    const draftId = await createLockedDraft(client, emulator, sqlDraft("jobs-listed", VALID_SQL));
    await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
    });
    const listed = await callApi(client, emulator, {
      action: "ListDeployments",
      method: "GET",
      path: "/deployments",
      query: { name: "jobs-listed" },
    });
    const data = listed.body.data as Array<Record<string, unknown>>;
    assert.equal(data.length, 1);
    assert.equal(data[0].referencedDeploymentDraftId, draftId);
  });
});
