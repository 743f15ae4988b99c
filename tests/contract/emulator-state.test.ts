/**
 * Contract: with a stateFile the emulator survives a restart (drafts, locks, deployments, tickets),
 * writes atomically (no temp files left behind), and refuses a file that is not an emulator state.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator } from "./emulator-support";
import { callApi, createLockedDraft, makeClient, runTicket, sqlDraft, VALID_SQL } from "./emulator-support";

describe("emulator state file", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "emulator-state-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("restores drafts, locks and deployments after a restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startEmulator({ ticketMs: 10, stateFile });
    const client = makeClient(first);
    const draftId = await createLockedDraft(client, first, sqlDraft("persisted", VALID_SQL));
    const deployed = await runTicket(client, first, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
    });
    await first.close();
    assert.deepEqual(readdirSync(dir), ["state.json"], "atomic writes leave no temp files");

    const second = await startEmulator({ ticketMs: 10, stateFile });
    try {
      const again = makeClient(second);
      const draft = await callApi(again, second, {
        action: "GetDeploymentDraft",
        method: "GET",
        path: `/deployment-drafts/${draftId}`,
      });
      const data = draft.body.data as Record<string, unknown>;
      assert.equal(data.name, "persisted");
      assert.equal(data.referencedDeploymentId, deployed.deploymentId);
      assert.equal((data.lock as Record<string, unknown>).holderName, "emulator-user");
      const updated = await callApi(again, second, {
        action: "UpdateDeploymentDraft",
        method: "PATCH",
        path: `/deployment-drafts/${draftId}`,
        body: { labels: { after: "restart" } },
      });
      assert.equal(updated.body.success, true, "the lock survived the restart");
    } finally {
      await second.close();
    }
  });

  it("refuses a state file that is not an emulator state", async () => {
    const stateFile = path.join(dir, "broken.json");
    writeFileSync(stateFile, JSON.stringify({ hello: "world" }));
    await assert.rejects(startEmulator({ stateFile }), /does not hold an emulator state/);
    writeFileSync(stateFile, "{not json");
    await assert.rejects(startEmulator({ stateFile }), /not valid JSON/);
  });
});
