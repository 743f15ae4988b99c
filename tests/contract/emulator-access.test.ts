/**
 * Contract: users can be denied operations (option, admin call), answered like a RAM denial at the
 * gateway — HTTP 403 NoPermission, the action in the message, AccessDeniedDetail read by the real client.
 */
import assert from "node:assert/strict";
import type OpenApi from "@alicloud/openapi-client";
import { type EmulatorUser, type RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  callApiExpectingError,
  createLockedDraft,
  makeClient,
  sqlDraft,
  VALID_SQL,
  startEmulator,
} from "./emulator-support";

const ALICE: EmulatorUser = {
  accessKeyId: "LTAI5tAliceKey",
  accessKeySecret: "alice-secret",
  userId: "200000000000042",
  userName: "alice",
  deniedActions: ["DeployDeploymentDraftAsync"],
};

const LIST_DRAFTS = { action: "ListDeploymentDrafts", method: "GET", path: "/deployment-drafts" } as const;

describe("emulator RAM denials", () => {
  let emulator: RunningEmulator;
  let owner: OpenApi;
  let alice: OpenApi;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 10, users: [ALICE] });
    owner = makeClient(emulator);
    alice = makeClient(emulator, { accessKeyId: ALICE.accessKeyId, accessKeySecret: ALICE.accessKeySecret });
  });
  after(async () => emulator.close());
  afterEach(async () => {
    await admin(emulator, "POST", "reset");
  });

  it("answers a denied action with 403 NoPermission and AccessDeniedDetail; other actions pass", async () => {
    const draftId = await createLockedDraft(alice, emulator, sqlDraft("alice-draft", VALID_SQL));
    const denied = await callApiExpectingError(alice, emulator, {
      action: "DeployDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-deploy",
      body: { deploymentDraftId: draftId },
    });
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.code, "NoPermission");
    assert.match(denied.message, /stream:DeployDeploymentDraftAsync/);
    assert.match(denied.message, /alice/);
    assert.doesNotMatch(denied.message, /alice-secret/);
    const detail = denied.accessDeniedDetail as Record<string, unknown>;
    assert.equal(detail.AuthAction, "stream:DeployDeploymentDraftAsync");
    assert.equal(detail.AuthPrincipalDisplayName, "alice");
    assert.equal(detail.NoPermissionType, "ExplicitDeny");
    assert.deepEqual(JSON.parse(String(denied.data.accessDeniedDetail)), detail);
    assert.equal((await callApi(alice, emulator, LIST_DRAFTS)).body.success, true);
    const logged = emulator.requestLog().filter((e) => e.action === "DeployDeploymentDraftAsync");
    assert.deepEqual(
      logged.map((e) => [e.status, e.errorCode]),
      [[403, "NoPermission"]],
    );
    assert.deepEqual(emulator.snapshot().tickets, {}, "a denied call has no effect");
  });

  it("denies and allows at run time through POST /__admin/deny, and reset restores the configuration", async () => {
    const everything = await admin(emulator, "POST", "deny", {
      accessKeyId: emulator.accessKeyId,
      actions: ["*"],
    });
    assert.deepEqual(everything, {
      status: 200,
      body: { accessKeyId: emulator.accessKeyId, deniedActions: ["*"] },
    });
    assert.equal((await callApiExpectingError(owner, emulator, LIST_DRAFTS)).code, "NoPermission");

    await admin(emulator, "POST", "deny", { accessKeyId: ALICE.accessKeyId, actions: [] });
    const draftId = await createLockedDraft(alice, emulator, sqlDraft("allowed-now", VALID_SQL));
    const submitted = await callApi(alice, emulator, {
      action: "DeployDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-deploy",
      body: { deploymentDraftId: draftId, deploymentTarget: { mode: "PER_JOB", name: "default-queue" } },
    });
    assert.equal(submitted.body.success, true);

    await admin(emulator, "POST", "reset");
    assert.equal(
      (await callApi(owner, emulator, LIST_DRAFTS)).body.success,
      true,
      "reset lifts the run-time deny",
    );
    const again = await createLockedDraft(alice, emulator, sqlDraft("denied-again", VALID_SQL));
    const denied = await callApiExpectingError(alice, emulator, {
      action: "DeployDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-deploy",
      body: { deploymentDraftId: again },
    });
    assert.equal(denied.statusCode, 403, "reset restores the configured deny");
  });

  it("rejects unknown users and action names", async () => {
    const unknownUser = await admin(emulator, "POST", "deny", {
      accessKeyId: "LTAI5tNobody",
      actions: ["*"],
    });
    assert.equal(unknownUser.status, 404);
    const typo = await admin(emulator, "POST", "deny", {
      accessKeyId: ALICE.accessKeyId,
      actions: ["DeployDraft"],
    });
    assert.equal(typo.status, 400);
    assert.match(JSON.stringify(typo.body), /DeployDraft.*DeployDeploymentDraftAsync/);
    await assert.rejects(
      startEmulator({ defaultUser: { deniedActions: ["NoSuchAction"] } }),
      /NoSuchAction.*emulator-user/,
    );
  });
});
