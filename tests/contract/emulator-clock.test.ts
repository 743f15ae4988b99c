/** Contract: a manual clock moves tickets and jobs without real waiting; the wall clock refuses advance. */
import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  createLockedDraft,
  makeClient,
  sqlDraft,
  startEmulator,
  VALID_SQL,
} from "./emulator-support";

describe("emulator manual clock", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ clock: "manual", ticketMs: 60_000, jobStartMs: 300_000 });
  });
  after(async () => {
    await emulator.close();
  });

  it("settles a minute-long deploy and a five-minute start only when advanced", async () => {
    const client = makeClient(emulator);
    assert.equal(emulator.clock, "manual");
    const draftId = await createLockedDraft(client, emulator, sqlDraft("clocked", VALID_SQL));
    const submitted = await callApi(client, emulator, {
      action: "DeployDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-deploy",
      body: { deploymentDraftId: draftId, deploymentTarget: { mode: "PER_JOB", name: "default-queue" } },
    });
    const ticketId = String((submitted.body.data as Record<string, unknown>).ticketId);
    const ticketPath = `/deployment-drafts/tickets/${ticketId}/async-deploy`;
    const poll = async (): Promise<Record<string, unknown>> =>
      (
        await callApi(client, emulator, {
          action: "GetDeployDeploymentDraftResult",
          method: "GET",
          path: ticketPath,
        })
      ).body.data as Record<string, unknown>;
    assert.equal((await poll()).ticketStatus, "INIT");
    emulator.advance(59_999);
    assert.equal((await poll()).ticketStatus, "EXECUTING");
    const answer = await admin(emulator, "POST", "clock/advance", { ms: 1 });
    assert.equal(answer.status, 200);
    assert.equal((answer.body as Record<string, unknown>).kind, "manual");
    const finished = await poll();
    assert.equal(finished.ticketStatus, "FINISHED");
    const started = await callApi(client, emulator, {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs%3Astart",
      body: { deploymentId: finished.deploymentId },
    });
    const job = started.body.data as Record<string, unknown>;
    emulator.advance(300_000);
    const state = emulator.snapshot().jobs[String(job.jobId)];
    assert.equal(state.status, "RUNNING");
  });

  it("refuses to advance the wall clock", async () => {
    const wall = await startEmulator();
    try {
      assert.throws(() => wall.advance(1), /wall clock/);
      const now = wall.now();
      assert.ok(Math.abs(now - Date.now()) < 1000);
    } finally {
      await wall.close();
    }
  });
});
