/**
 * Contract: the draft edit lock — held by the user behind the AccessKey, stolen (default) or refused
 * on conflict, required for Update/Validate/Deploy, and takeable by a "console user" via the admin API.
 */
import assert from "node:assert/strict";
import { type RunningEmulator } from "../../emulator";
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

const ALICE = {
  accessKeyId: "LTAI5tAliceKey",
  accessKeySecret: "alice-secret",
  userId: "200000000000002",
  userName: "alice",
};

describe("emulator draft lock", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 20, users: [ALICE] });
  });
  after(async () => {
    await emulator.close();
  });

  const getLock = (client: ReturnType<typeof makeClient>, draftId: string) =>
    callApi(client, emulator, {
      action: "GetDeploymentDraftLock",
      method: "POST",
      path: "/deployment-drafts/getLock",
      query: { deploymentDraftId: draftId },
    });
  const update = (draftId: string) => ({
    action: "UpdateDeploymentDraft",
    method: "PATCH" as const,
    path: `/deployment-drafts/${draftId}`,
    body: { labels: { edited: "yes" } },
  });

  it("refuses an update without the lock, and one by a user who lost it", async () => {
    const me = makeClient(emulator);
    const alice = makeClient(emulator, ALICE);
    const created = await callApi(me, emulator, {
      action: "CreateDeploymentDraft",
      method: "POST",
      path: "/deployment-drafts",
      body: sqlDraft("lock-basics", VALID_SQL),
    });
    const draftId = String((created.body.data as Record<string, unknown>).deploymentDraftId);

    const unlocked = await callApiExpectingError(me, emulator, update(draftId));
    assert.equal(unlocked.statusCode, 409);
    assert.match(String(unlocked.data.errorMessage), /GetDeploymentDraftLock/);

    await getLock(me, draftId);
    const stolen = await getLock(alice, draftId);
    assert.equal(
      (stolen.body.data as Record<string, unknown>).holderName,
      "alice",
      "the default policy steals",
    );

    const refused = await callApiExpectingError(me, emulator, update(draftId));
    assert.equal(refused.statusCode, 409);
    assert.match(String(refused.data.errorMessage), /locked by alice/);

    const read = await callApi(me, emulator, {
      action: "GetDeploymentDraft",
      method: "GET",
      path: `/deployment-drafts/${draftId}`,
    });
    const lock = (read.body.data as Record<string, unknown>).lock as Record<string, unknown>;
    assert.equal(lock.holderId, ALICE.userId);

    await getLock(me, draftId);
    const updated = await callApi(me, emulator, update(draftId));
    assert.equal((updated.body.data as Record<string, unknown>).modifierName, "emulator-user");
  });

  it("lets a console user take the lock through the admin API", async () => {
    const me = makeClient(emulator);
    const draftId = await createLockedDraft(me, emulator, sqlDraft("lock-console", VALID_SQL));
    const taken = await admin(emulator, "POST", "lock", {
      namespace: emulator.namespace,
      deploymentDraftId: draftId,
      holderName: "bob@example.com",
    });
    assert.equal(taken.status, 200);

    for (const kind of ["validate", "deploy"] as const) {
      const error = await callApiExpectingError(me, emulator, {
        action: kind === "validate" ? "ValidateDeploymentDraftAsync" : "DeployDeploymentDraftAsync",
        method: "POST",
        path: `/deployment-drafts/async-${kind}`,
        body:
          kind === "validate"
            ? { deploymentDraftId: draftId }
            : { deploymentDraftId: draftId, deploymentTarget: { mode: "PER_JOB", name: "default-queue" } },
      });
      assert.equal(error.statusCode, 409, kind);
      assert.match(String(error.data.errorMessage), /bob@example\.com/, kind);
    }

    const missing = await admin(emulator, "POST", "lock", {
      namespace: emulator.namespace,
      deploymentDraftId: "nope",
      holderName: "bob",
    });
    assert.equal(missing.status, 404);
  });

  it("lets a console user edit the draft out of band (takes the lock, moves modifier)", async () => {
    const me = makeClient(emulator);
    const draftId = await createLockedDraft(me, emulator, sqlDraft("console-edit", VALID_SQL));
    const edited = await admin(emulator, "POST", "console-edit", {
      namespace: emulator.namespace,
      deploymentDraftId: draftId,
      holderName: "carol",
      sqlScript: "INSERT INTO snk SELECT 42;",
      labels: { edited: "console" },
    });
    assert.equal(edited.status, 200);
    const read = await callApi(me, emulator, {
      action: "GetDeploymentDraft",
      method: "GET",
      path: `/deployment-drafts/${draftId}`,
    });
    const draft = read.body.data as Record<string, unknown>;
    assert.equal(
      ((draft.artifact as Record<string, unknown>).sqlArtifact as Record<string, unknown>).sqlScript,
      "INSERT INTO snk SELECT 42;",
    );
    assert.equal((draft.artifact as Record<string, unknown>).kind, "SQLSCRIPT");
    assert.deepEqual(draft.labels, { edited: "console" });
    assert.equal(draft.modifierName, "carol");
    assert.equal((draft.lock as Record<string, unknown>).holderName, "carol");
    const refused = await callApiExpectingError(me, emulator, update(draftId));
    assert.match(String(refused.data.errorMessage), /locked by carol/);
  });

  it("refuses getLock when the policy is refuse", async () => {
    const strict = await startEmulator({ ticketMs: 20, users: [ALICE], lockOnConflict: "refuse" });
    try {
      const me = makeClient(strict);
      const alice = makeClient(strict, ALICE);
      const draftId = await createLockedDraft(me, strict, sqlDraft("lock-refuse", VALID_SQL));
      const error = await callApiExpectingError(alice, strict, {
        action: "GetDeploymentDraftLock",
        method: "POST",
        path: "/deployment-drafts/getLock",
        query: { deploymentDraftId: draftId },
      });
      assert.equal(error.statusCode, 409);
      assert.match(String(error.data.errorMessage), /locked by emulator-user/);
      const again = await callApi(me, strict, {
        action: "GetDeploymentDraftLock",
        method: "POST",
        path: "/deployment-drafts/getLock",
        query: { deploymentDraftId: draftId },
      });
      assert.equal(
        (again.body.data as Record<string, unknown>).holderName,
        "emulator-user",
        "the holder may re-take it",
      );
    } finally {
      await strict.close();
    }
  });

  it("does not require the lock when enforceLock is off", async () => {
    const lax = await startEmulator({ ticketMs: 20, enforceLock: false });
    try {
      const me = makeClient(lax);
      const created = await callApi(me, lax, {
        action: "CreateDeploymentDraft",
        method: "POST",
        path: "/deployment-drafts",
        body: sqlDraft("lock-lax", VALID_SQL),
      });
      const draftId = String((created.body.data as Record<string, unknown>).deploymentDraftId);
      const updated = await callApi(me, lax, {
        action: "UpdateDeploymentDraft",
        method: "PATCH",
        path: `/deployment-drafts/${draftId}`,
        body: { labels: { a: "b" } },
      });
      assert.equal(updated.body.success, true);
    } finally {
      await lax.close();
    }
  });
});
