/**
 * Unit: the time-driven and stateful parts of the emulator, with explicit clocks — ticket states,
 * deploy effects, job transitions, throttling windows, colon-verb normalisation.
 */
import assert from "node:assert/strict";
import { createBackend, type Backend } from "../../emulator/backend";
import { resolveConfig } from "../../emulator/config";
import { GatewayError } from "../../emulator/errors";
import { settleJobs } from "../../emulator/jobs";
import { normalizeColonVerb } from "../../emulator/server";
import { Store, type DraftRecord } from "../../emulator/store";
import { Throttle } from "../../emulator/throttle";
import { settleTickets, submitTicket, ticketStatus, ticketView } from "../../emulator/tickets";
import type { SqlValidator } from "../../emulator/validation/sql-validator";

/** The tests here are about the clock and tickets, not SQL: a validator that finds nothing. */
const NO_PROBLEMS: SqlValidator = {
  kind: "grammar",
  validate: () => Promise.resolve([]),
  close: () => Promise.resolve(),
};

const ACTOR = { userId: "1", userName: "tester" };

function backendWithDraft(sql: string): { backend: Backend; draft: DraftRecord } {
  const backend = createBackend(
    resolveConfig({ ticketMs: 100, workspace: "ws", namespace: "ns" }),
    new Store(undefined),
    { sqlValidator: NO_PROBLEMS },
  );
  const draft: DraftRecord = {
    deploymentDraftId: "draft-1",
    workspace: "ws",
    namespace: "ns",
    name: "d",
    artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: sql } },
    engineVersion: "vvr-8.0.11-flink-1.17",
    executionMode: "STREAMING",
    creator: "1",
    creatorName: "tester",
    modifier: "1",
    modifierName: "tester",
    createdAt: 0,
    modifiedAt: 0,
  };
  backend.store.state.drafts[draft.deploymentDraftId] = draft;
  return { backend, draft };
}

describe("emulator internals", () => {
  it("moves a ticket INIT → EXECUTING → FINISHED on the clock, and deploys only when it settles", async () => {
    const { backend, draft } = backendWithDraft("INSERT INTO a SELECT 1");
    const ticket = await submitTicket(backend, {
      kind: "deploy",
      draft,
      actor: ACTOR,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
      skipValidate: false,
      now: Date.now(),
    });
    const start = ticket.submittedAtMs;
    assert.equal(ticketStatus(ticket, start), "INIT");
    assert.equal(ticketStatus(ticket, start + 20), "EXECUTING");
    assert.equal(ticketView(ticket, start + 50).success, undefined, "no result before it finishes");
    assert.equal(settleTickets(backend, start + 99), false);
    assert.deepEqual(backend.store.state.deployments, {});
    assert.equal(settleTickets(backend, start + 100), true);
    const view = ticketView(ticket, start + 100);
    assert.equal(view.ticketStatus, "FINISHED");
    assert.equal(view.success, true);
    assert.equal(backend.store.state.drafts["draft-1"].referencedDeploymentId, view.deploymentId);
    assert.equal(
      backend.store.state.deployments[String(view.deploymentId)].createdAt,
      String(Math.floor((start + 100) / 1000)),
    );
  });

  it("deploys the draft as it was at submission", async () => {
    const { backend, draft } = backendWithDraft("INSERT INTO a SELECT 1");
    const ticket = await submitTicket(backend, {
      kind: "deploy",
      draft,
      actor: ACTOR,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
      skipValidate: true,
      now: Date.now(),
    });
    draft.artifact = { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: "INSERT INTO b SELECT 2" } };
    settleTickets(backend, ticket.finishAtMs);
    const deployment = Object.values(backend.store.state.deployments)[0];
    assert.equal(deployment.artifact.sqlArtifact?.sqlScript, "INSERT INTO a SELECT 1");
  });

  it("fails a deploy whose draft was deleted meanwhile", async () => {
    const { backend, draft } = backendWithDraft("INSERT INTO a SELECT 1");
    const ticket = await submitTicket(backend, {
      kind: "deploy",
      draft,
      actor: ACTOR,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
      skipValidate: true,
      now: Date.now(),
    });
    delete backend.store.state.drafts[draft.deploymentDraftId];
    settleTickets(backend, ticket.finishAtMs);
    const view = ticketView(ticket, ticket.finishAtMs);
    assert.equal(view.success, false);
    assert.match(String(view.message), /deleted/);
  });

  it("moves jobs STARTING → RUNNING and CANCELLING → CANCELLED on the clock", () => {
    const { backend } = backendWithDraft("SELECT 1");
    backend.store.state.jobs.j = {
      jobId: "j",
      workspace: "ws",
      namespace: "ns",
      deploymentId: "dep",
      deploymentName: "d",
      executionMode: "STREAMING",
      artifact: { kind: "SQLSCRIPT" },
      resourceQueueName: "default-queue",
      status: "STARTING",
      runningAtMs: 5000,
      creator: "1",
      creatorName: "t",
      modifier: "1",
      modifierName: "t",
      startTime: 4,
      createdAt: "4",
      modifiedAt: "4",
    };
    assert.equal(settleJobs(backend, 4999), false);
    assert.equal(settleJobs(backend, 5000), true);
    const job = backend.store.state.jobs.j;
    assert.equal(job.status, "RUNNING");
    job.status = "CANCELLING";
    job.cancelledAtMs = 9000;
    settleJobs(backend, 9000);
    assert.equal(job.status, "CANCELLED");
    assert.equal(job.endTime, 9);
  });

  it("throttles per AccessKey per one-second window", () => {
    const throttle = new Throttle(2);
    throttle.admit("a", 0);
    throttle.admit("a", 100);
    throttle.admit("b", 100);
    assert.throws(
      () => throttle.admit("a", 200),
      (e: unknown) =>
        e instanceof GatewayError && e.code === "Throttling.User" && e.headers["x-acs-retry-after"] === "800",
    );
    throttle.admit("a", 1000);
  });

  it("normalises only a trailing colon verb", () => {
    assert.equal(
      normalizeColonVerb("/api/v2/namespaces/ns/jobs%3Astart"),
      "/api/v2/namespaces/ns/jobs:start",
    );
    assert.equal(
      normalizeColonVerb("/api/v2/namespaces/ns/jobs/j-1%3astop?x=%3A"),
      "/api/v2/namespaces/ns/jobs/j-1:stop?x=%3A",
    );
    assert.equal(normalizeColonVerb("/api/v2/namespaces/a%3Ab/jobs"), "/api/v2/namespaces/a%3Ab/jobs");
  });
});
