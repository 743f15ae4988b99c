/**
 * Unit: the job clock with explicit times — failures at start and after running, restarts before a
 * failure, savepoints completing with the stop, restore-strategy resolution, event ordering across
 * tickets and jobs, and loading a state file written before savepoints and events existed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBackend, type Backend } from "../../emulator/backend";
import { resolveConfig } from "../../emulator/config";
import { scheduleFailure } from "../../emulator/job-faults";
import { settleJobs, stopJob } from "../../emulator/jobs";
import { resolveRestore } from "../../emulator/savepoints";
import { settle } from "../../emulator/settle";
import { Store, type JobRecord } from "../../emulator/store";
import { submitTicket } from "../../emulator/tickets";
import type { SqlValidator } from "../../emulator/validation/sql-validator";

/** The tests here are about the clock and tickets, not SQL: a validator that finds nothing. */
const NO_PROBLEMS: SqlValidator = {
  kind: "grammar",
  validate: () => Promise.resolve([]),
  close: () => Promise.resolve(),
};

const ACTOR = { userId: "1", userName: "tester" };
const SCOPE = { workspace: "ws", namespace: "ns", deploymentId: "dep" };

function newBackend(): Backend {
  return createBackend(
    resolveConfig({ ticketMs: 100, jobStartMs: 100, jobStopMs: 100 }),
    new Store(undefined),
    { sqlValidator: NO_PROBLEMS },
  );
}

function addJob(backend: Backend, fields: Partial<JobRecord>): JobRecord {
  const job: JobRecord = {
    jobId: "j",
    workspace: "ws",
    namespace: "ns",
    deploymentId: "dep",
    deploymentName: "d",
    executionMode: "STREAMING",
    artifact: { kind: "SQLSCRIPT" },
    resourceQueueName: "default-queue",
    status: "STARTING",
    runningAtMs: 1000,
    creator: "1",
    creatorName: "t",
    modifier: "1",
    modifierName: "t",
    startTime: 0,
    createdAt: "0",
    modifiedAt: "0",
    ...fields,
  };
  backend.store.state.jobs[job.jobId] = job;
  return job;
}

const kinds = (backend: Backend): string[] => backend.store.state.events.map((e) => e.kind);

describe("emulator job clock", () => {
  it("fails a job at start instead of running it, leaving no checkpoint", () => {
    const backend = newBackend();
    const job = addJob(backend, {});
    scheduleFailure(job, { reason: "ImagePullBackOff", message: "no image" }, 0);
    assert.equal(settleJobs(backend, 999), false);
    assert.equal(settleJobs(backend, 1000), true);
    assert.equal(job.status, "FAILED");
    assert.deepEqual(job.failure, { failedAt: 1, reason: "ImagePullBackOff", message: "no image" });
    assert.equal(job.runningSinceMs, undefined);
    assert.deepEqual(kinds(backend), ["JOB_FAILED"]);
    assert.deepEqual(backend.store.state.savepoints, {});
  });

  it("counts restarts due before a failure and drops those after it", () => {
    const backend = newBackend();
    const job = addJob(backend, { restartsAtMs: [1100, 1300] });
    scheduleFailure(job, { afterMs: 200, reason: "TaskManagerLost", message: "lost" }, 0);
    assert.equal(job.scheduledFailure?.atMs, 1200, "afterMs counts from when the job runs");
    settleJobs(backend, 5000);
    assert.equal(job.restarts, 1);
    assert.equal(job.status, "FAILED");
    assert.equal(job.endTime, 1);
    assert.deepEqual(kinds(backend), ["JOB_RUNNING", "JOB_RESTARTED", "SAVEPOINT_COMPLETED", "JOB_FAILED"]);
    const [checkpoint] = Object.values(backend.store.state.savepoints);
    assert.equal(checkpoint.savepointOrigin, "RETAINED_CHECKPOINT");
    assert.equal(checkpoint.modifiedAtMs, 1200);
  });

  it("fails a running job now when no afterMs is given", () => {
    const backend = newBackend();
    const job = addJob(backend, { status: "RUNNING", runningSinceMs: 1000 });
    scheduleFailure(job, { reason: "r", message: "m" }, 7000);
    assert.equal(job.scheduledFailure?.atMs, 7000);
  });

  it("completes a stop savepoint when the job is CANCELLED, and restores from the newest one", () => {
    const backend = newBackend();
    const job = addJob(backend, { status: "RUNNING", runningSinceMs: 1000 });
    stopJob(backend, job, "STOP_WITH_SAVEPOINT", ACTOR, 2000);
    const savepoint = backend.store.state.savepoints[String(job.stopSavepointId)];
    assert.equal(savepoint.state, "STARTED");
    assert.deepEqual(resolveRestore(backend, SCOPE, { kind: "LATEST_SAVEPOINT" }), {
      kind: "LATEST_SAVEPOINT",
    });
    settleJobs(backend, 2100);
    assert.equal(job.status, "CANCELLED");
    assert.equal(savepoint.state, "COMPLETED");
    assert.deepEqual(
      resolveRestore(backend, SCOPE, { kind: "LATEST_SAVEPOINT", allowNonRestoredState: false }),
      {
        kind: "LATEST_SAVEPOINT",
        savepointId: savepoint.savepointId,
        allowNonRestoredState: false,
      },
    );
    assert.deepEqual(
      resolveRestore(backend, { ...SCOPE, deploymentId: "other" }, { kind: "LATEST_STATE" }),
      { kind: "LATEST_STATE" },
      "another deployment's savepoints are not its state",
    );

    const next = addJob(backend, { jobId: "k", status: "RUNNING", runningSinceMs: 3000 });
    stopJob(backend, next, "NONE", ACTOR, 4000);
    settleJobs(backend, 4100);
    const checkpoint = Object.values(backend.store.state.savepoints).find((s) => s.jobId === "k");
    assert.equal(checkpoint?.savepointOrigin, "RETAINED_CHECKPOINT");
    assert.equal(
      resolveRestore(backend, SCOPE, { kind: "LATEST_SAVEPOINT" }).savepointId,
      savepoint.savepointId,
    );
    assert.equal(
      resolveRestore(backend, SCOPE, { kind: "LATEST_STATE" }).savepointId,
      checkpoint?.savepointId,
    );
  });

  it("orders the events of one settling pass by time, across tickets and jobs", async () => {
    const backend = newBackend();
    backend.store.state.drafts.d = {
      deploymentDraftId: "d",
      workspace: "ws",
      namespace: "ns",
      name: "d",
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: "INSERT INTO a SELECT 1" } },
      engineVersion: "vvr-8.0.11-flink-1.17",
      executionMode: "STREAMING",
      creator: "1",
      creatorName: "t",
      modifier: "1",
      modifierName: "t",
      createdAt: 0,
      modifiedAt: 0,
    };
    const ticket = await submitTicket(backend, {
      kind: "deploy",
      draft: backend.store.state.drafts.d,
      actor: ACTOR,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
      skipValidate: true,
      now: Date.now(),
    });
    // The job is due before the deploy, but jobs settle after tickets.
    addJob(backend, { runningAtMs: ticket.finishAtMs - 50 });
    settle(backend, ticket.finishAtMs + 10);
    assert.deepEqual(kinds(backend), ["JOB_RUNNING", "DEPLOYMENT_CREATED"]);
    assert.deepEqual(
      backend.store.state.events.map((e) => e.seq),
      [1, 2],
    );
  });

  it("loads a state file written before savepoints and events existed", () => {
    const file = join(mkdtempSync(join(tmpdir(), "emulator-state-")), "state.json");
    writeFileSync(file, JSON.stringify({ drafts: {}, deployments: {}, jobs: {}, tickets: {}, locks: {} }));
    const store = new Store(file);
    assert.deepEqual(store.state.savepoints, {});
    assert.deepEqual(store.state.events, []);
  });
});
