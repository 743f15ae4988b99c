import { strict as assert } from "node:assert";
import { FlinkClient } from "../../provider/client/flink-client";
import { PartialFailure } from "../../provider/partial-failure";
import { SQL, startProviderFixture, type ProviderFixture } from "./provider-fixtures";
import { providerClientFor } from "../contract/emulator-support";

const CHANGED_SQL = SQL.replace("SELECT id, msg FROM src", "SELECT id, UPPER(msg) FROM src");

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail("expected a failure"),
    (e: unknown) => e,
  );
}

describe("provider update, resume, adoption and lock policies against the emulator", () => {
  let fx: ProviderFixture;
  let console: FlinkClient;
  before(async () => {
    fx = await startProviderFixture(30);
    // A second user editing drafts "in the console".
    console = providerClientFor(fx.emulator);
  });
  after(async () => {
    await fx.close();
  });

  async function created(overrides: Record<string, unknown> = {}) {
    const inputs = fx.inputs(overrides);
    const { id, outs } = await fx.provider.create(inputs);
    return { id, inputs, outs };
  }

  it("updates the draft and redeploys the same deployment in place", async () => {
    const { id, inputs, outs } = await created();
    const news = { ...inputs, sql: CHANGED_SQL, labels: { team: "data" } };
    const { outs: updated } = await fx.provider.update(id, outs, news);
    assert.equal(updated?.deploymentId, outs.deploymentId, "same deployment");
    assert.equal(updated?.deploymentDraftId, outs.deploymentDraftId);
    assert.notEqual(updated?.sqlHash, outs.sqlHash);
    assert.notEqual(updated?.lastDeployTicketId, outs.lastDeployTicketId);
    const draft = fx.emulator.snapshot().drafts[String(outs.deploymentDraftId)];
    assert.equal(draft.artifact?.sqlArtifact?.sqlScript, CHANGED_SQL);
    assert.equal(draft.labels?.team, "data");
    await fx.provider.delete(id, updated);
  });

  it("resumes after a partial failure: the next update deploys the kept draft", async () => {
    await fx.admin("fail-next-ticket", { kind: "deploy", message: "Injected: queue full" });
    const inputs = fx.inputs();
    const err = await failure(fx.provider.create(inputs));
    assert.ok(err instanceof PartialFailure);
    const draftsBefore = Object.keys(fx.emulator.snapshot().drafts).length;
    const { outs } = await fx.provider.update(err.id, err.properties, inputs);
    assert.ok(outs?.deploymentId, "deployed on resume");
    assert.equal(outs?.deploymentDraftId, err.properties.deploymentDraftId, "the same draft");
    assert.equal(Object.keys(fx.emulator.snapshot().drafts).length, draftsBefore, "no second draft");
    await fx.provider.delete(err.id, outs);
  });

  it("adopts its own draft after a crashed create, refuses a stranger's, adopts with adopt: true", async () => {
    const { id, inputs, outs } = await created();
    fx.logs.length = 0;
    const again = await fx.provider.create(inputs); // same name and owner: the earlier create "crashed"
    assert.equal(again.id, id, "same draft adopted");
    assert.match(fx.logs.join("\n"), /resuming with draft .*left by an earlier create/);

    const stranger = { ...inputs, __owner: "other/prod/job", __resourceName: "other" };
    const refusal = await failure(fx.provider.create(stranger));
    assert.ok(
      refusal instanceof Error && !(refusal instanceof PartialFailure),
      "nothing created: a plain error",
    );
    assert.match(
      refusal.message,
      new RegExp(
        `A draft named "${String(inputs.name)}" already exists in namespace ${fx.emulator.namespace}, created by the Pulumi resource ${String(inputs.__owner)}.*adopt: true`,
      ),
    );

    // The draft carries its creator's edit lock (it never expires): adopting it to write other content
    // does not take the lock silently. (Equal content is taken over without a write: provider-adoption.test.ts.)
    const locked = await failure(fx.provider.create({ ...stranger, sql: CHANGED_SQL, adopt: true }));
    assert.ok(locked instanceof Error && !(locked instanceof PartialFailure), "not ours yet: a plain error");
    assert.match(locked.message, /is locked by .*lockPolicy: "steal"/s);

    const adopted = await fx.provider.create({
      ...stranger,
      sql: CHANGED_SQL,
      adopt: true,
      lockPolicy: "steal",
    });
    assert.equal(adopted.id, id);
    const draft = fx.emulator.snapshot().drafts[String(outs.deploymentDraftId)];
    assert.equal(
      draft.labels?.["pulumi-alicloud-flink/owner"],
      "other/prod/job",
      "ownership moves to the adopter",
    );
    await fx.provider.delete(id, adopted.outs);
  });

  it("lockPolicy fail names the holder; steal takes the lock; wait waits then gives up naming the holder", async () => {
    const { id, inputs, outs } = await created();
    const draftId = String(outs.deploymentDraftId);
    await fx.admin("lock", {
      namespace: fx.emulator.namespace,
      deploymentDraftId: draftId,
      holderName: "alice",
    });
    const news = { ...inputs, sql: CHANGED_SQL };

    const failed = await failure(fx.provider.update(id, outs, news));
    assert.ok(failed instanceof PartialFailure);
    assert.match(failed.message, /locked by alice \(console-alice\).*lockPolicy: "steal"/s, failed.message);
    assert.equal(
      fx.emulator.snapshot().drafts[draftId].artifact?.sqlArtifact?.sqlScript,
      SQL,
      "draft untouched",
    );

    const started = fx.emulator.now();
    const waited = await failure(
      fx.provider.update(id, outs, { ...news, lockPolicy: "wait", lockWaitTimeout: "1s" }),
    );
    assert.ok(waited instanceof PartialFailure);
    assert.match(waited.message, /edit lock held by alice.*lockWaitTimeout/s);
    assert.ok(fx.emulator.now() - started >= 900, "waited lockWaitTimeout (simulated time)");

    fx.logs.length = 0;
    const { outs: stolen } = await fx.provider.update(id, outs, { ...news, lockPolicy: "steal" });
    assert.match(fx.logs.join("\n"), /taking over the edit lock .* from alice/);
    assert.equal(stolen?.lockHolderId, outs.lockHolderId);
    assert.equal(fx.emulator.snapshot().drafts[draftId].artifact?.sqlArtifact?.sqlScript, CHANGED_SQL);
    await fx.provider.delete(id, stolen);
  });

  it("lockPolicy wait proceeds once the lock is ours again", async () => {
    const { id, inputs, outs } = await created();
    const draftId = String(outs.deploymentDraftId);
    await fx.admin("lock", {
      namespace: fx.emulator.namespace,
      deploymentDraftId: draftId,
      holderName: "bob",
    });
    // Bob hands the lock back 300 ms (simulated) into the wait.
    const waitStarted = fx.emulator.now();
    let handedBack = false;
    fx.hooks.beforeSleep = async (now) => {
      if (handedBack || now - waitStarted < 300) return;
      handedBack = true;
      await fx.admin("lock", {
        namespace: fx.emulator.namespace,
        deploymentDraftId: draftId,
        holderName: String(outs.lockHolder),
        holderId: String(outs.lockHolderId),
      });
    };
    const { outs: updated } = await fx.provider.update(id, outs, {
      ...inputs,
      sql: CHANGED_SQL,
      lockPolicy: "wait",
      lockWaitTimeout: "20s",
    });
    fx.hooks = {};
    assert.ok(handedBack);
    assert.ok(updated?.deploymentId);
    await fx.provider.delete(id, updated);
  });

  it("reports edits made outside Pulumi: fail stops, warn overwrites", async () => {
    const { id, inputs, outs } = await created();
    const draftId = String(outs.deploymentDraftId);
    const scope = { workspace: fx.emulator.workspace, namespace: fx.emulator.namespace };
    await console.acquireDeploymentDraftLock(scope, draftId);
    const consoleSql = `${SQL}\nINSERT INTO snk SELECT 0, 'console' FROM src;`;
    await console.updateDeploymentDraft(scope, draftId, {
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: consoleSql } },
    });
    const news = { ...inputs, sql: CHANGED_SQL, lockPolicy: "steal" };

    const stopped = await failure(fx.provider.update(id, outs, { ...news, onOutOfBandChange: "fail" }));
    assert.ok(stopped instanceof PartialFailure);
    assert.match(stopped.message, /edited outside Pulumi since Pulumi last wrote it/);
    assert.equal(
      fx.emulator.snapshot().drafts[draftId].artifact?.sqlArtifact?.sqlScript,
      consoleSql,
      "untouched",
    );

    fx.logs.length = 0;
    const { outs: overwritten } = await fx.provider.update(id, outs, news);
    assert.match(fx.logs.join("\n"), /warning: Draft .* was edited outside Pulumi[\s\S]*Overwriting/);
    assert.equal(fx.emulator.snapshot().drafts[draftId].artifact?.sqlArtifact?.sqlScript, CHANGED_SQL);

    fx.logs.length = 0;
    await fx.provider.update(id, overwritten, { ...news, sql: SQL });
    assert.ok(!fx.logs.join("\n").includes("outside Pulumi"), "our own writes are not reported");
    await fx.provider.delete(id, overwritten);
  });

  it("fails clearly when the draft was deleted outside Pulumi", async () => {
    const { id, inputs, outs } = await created();
    await fx.provider.delete(id, outs);
    const err = await failure(fx.provider.update(id, outs, { ...inputs, sql: CHANGED_SQL }));
    assert.ok(err instanceof Error);
    assert.match(err.message, /no longer exists.*pulumi refresh/s);
  });

  it("gives up at its own deadline with a partial failure", async () => {
    await fx.admin("durations", { deploy: 5_000 });
    try {
      const err = await failure(fx.provider.create(fx.inputs({ timeouts: { create: "1s" } })));
      assert.ok(err instanceof PartialFailure);
      assert.match(err.message, /Gave up waiting for deploy ticket .* after timeouts\.create \(1s\)/);
      await fx.provider.delete(err.id, err.properties);
    } finally {
      await fx.admin("durations", { deploy: 30 });
    }
  });
});
