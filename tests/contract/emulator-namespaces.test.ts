/**
 * Contract: namespaces isolate drafts (names are unique per namespace, IDs are not visible across),
 * percent-encoded namespace segments are decoded, and configured deployment targets and run-time
 * durations take effect.
 */
import assert from "node:assert/strict";
import { type RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  callApiExpectingError,
  createLockedDraft,
  makeClient,
  runTicket,
  sqlDraft,
  VALID_SQL,
  waitForTicket,
  startEmulator,
} from "./emulator-support";

describe("emulator namespaces and settings", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({
      ticketMs: 20,
      extraNamespaces: ["team b"],
      deploymentTargets: ["default-queue", "batch-queue"],
    });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  it("keeps drafts apart per namespace, including an encoded namespace segment", async () => {
    const inDefault = await callApi(client, emulator, {
      action: "CreateDeploymentDraft",
      method: "POST",
      path: "/deployment-drafts",
      body: sqlDraft("same-name", VALID_SQL),
    });
    const inTeamB = await callApi(client, emulator, {
      action: "CreateDeploymentDraft",
      method: "POST",
      path: "/deployment-drafts",
      namespace: "team b",
      body: sqlDraft("same-name", VALID_SQL),
    });
    const teamBDraft = inTeamB.body.data as Record<string, unknown>;
    assert.equal(teamBDraft.namespace, "team b");

    const crossRead = await callApiExpectingError(client, emulator, {
      action: "GetDeploymentDraft",
      method: "GET",
      path: `/deployment-drafts/${String((inDefault.body.data as Record<string, unknown>).deploymentDraftId)}`,
      namespace: "team b",
    });
    assert.equal(crossRead.data.errorCode, "990301");

    const listed = await callApi(client, emulator, {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
      namespace: "team b",
    });
    assert.equal(listed.body.totalSize, 1);
  });

  it("accepts the configured deployment targets", async () => {
    const targets = await callApi(client, emulator, {
      action: "ListDeploymentTargets",
      method: "GET",
      path: "/deployment-targets",
    });
    assert.deepEqual(
      (targets.body.data as Array<Record<string, unknown>>).map((t) => t.name),
      ["default-queue", "batch-queue"],
    );
    const draftId = await createLockedDraft(client, emulator, sqlDraft("on-batch-queue", VALID_SQL));
    const deployed = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: { mode: "PER_JOB", name: "batch-queue" },
    });
    assert.equal(deployed.success, true);
  });

  it("changes ticket durations at run time", async () => {
    const set = await admin(emulator, "POST", "durations", { validate: 0 });
    assert.deepEqual(set.body, {
      validate: 0,
      deploy: 20,
      jobStart: 20,
      jobStop: 20,
      hotUpdate: 20,
      speed: 1,
      seed: 1,
    });
    const draftId = await createLockedDraft(client, emulator, sqlDraft("instant", VALID_SQL));
    const submitted = await callApi(client, emulator, {
      action: "ValidateDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-validate",
      body: { deploymentDraftId: draftId },
    });
    const seen: string[] = [];
    await waitForTicket(
      client,
      emulator,
      "validate",
      String((submitted.body.data as Record<string, unknown>).ticketId),
      seen,
    );
    assert.deepEqual(seen, ["FINISHED"]);
  });
});
