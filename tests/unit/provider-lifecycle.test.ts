import { strict as assert } from "node:assert";
import { PartialFailure } from "../../provider/partial-failure";
import { SQL, startProviderFixture, type ProviderFixture } from "./provider-fixtures";

describe("provider create → read → delete against the emulator", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  it("creates, validates and deploys a draft, and returns every output", async () => {
    const inputs = fx.inputs({ localVariables: { topic: "orders" }, labels: { team: "data" } });
    const { id, outs } = await fx.provider.create(inputs);
    const draftId = String(outs.deploymentDraftId);
    assert.equal(id, `${fx.emulator.workspace}:${fx.emulator.namespace}:${draftId}`);
    assert.equal(outs.__provider, inputs.__provider, "__provider is echoed");
    assert.equal(outs.sql, inputs.sql);
    assert.match(String(outs.sqlHash), /^sha256:[0-9a-f]{64}$/);
    assert.equal(outs.statementCount, 3);
    assert.ok(outs.deploymentId, "deploymentId recorded");
    assert.ok(outs.lastValidateTicketId && outs.lastDeployTicketId);
    assert.equal(outs.schemaVersion, 2);
    assert.ok(!Number.isNaN(Date.parse(String(outs.deployedAt))));
    assert.equal(typeof outs.draftModifiedAt, "number");
    for (const value of Object.values(outs)) assert.notEqual(value, undefined);

    const stored = fx.emulator.snapshot().drafts[draftId];
    assert.ok(stored, "draft exists in the emulator");
    assert.equal(stored.labels?.["pulumi-alicloud-flink/owner"], inputs.__owner, "ownership label written");
    assert.ok(fx.emulator.snapshot().deployments[String(outs.deploymentId)], "deployment exists");

    const read = await fx.provider.read(id, outs);
    assert.equal(read.id, id);
    assert.equal(read.props?.sql, inputs.sql);
    assert.deepEqual(read.props?.labels, { team: "data" }, "ownership label is not a user label");
    assert.deepEqual(read.inputs?.localVariables, { topic: "orders" });
    assert.equal(read.inputs?.deploymentId, undefined, "outputs are not inputs");
    assert.equal(read.props?.deploymentId, outs.deploymentId);

    await fx.provider.delete(id, outs);
    assert.equal(fx.emulator.snapshot().drafts[draftId], undefined, "draft deleted");
    assert.equal(
      fx.emulator.snapshot().deployments[String(outs.deploymentId)],
      undefined,
      "deployment deleted",
    );
    const gone = await fx.provider.read(id, outs);
    assert.equal(gone.id, undefined, "a deleted draft reads as gone");
    await fx.provider.delete(id, outs); // not found counts as done
  });

  it("rejects with a partial failure carrying the draft when validation fails", async () => {
    await fx.admin("fail-next-ticket", { kind: "validate", message: "Injected: table snk not found" });
    const inputs = fx.inputs();
    const err: unknown = await fx.provider.create(inputs).then(
      () => assert.fail("create should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PartialFailure, `expected a PartialFailure, got ${String(err)}`);
    assert.match(err.id, /^[^:]+:[^:]+:.+$/);
    assert.equal(err.properties.__provider, inputs.__provider);
    assert.equal(err.properties.sql, inputs.sql);
    assert.ok(err.properties.deploymentDraftId);
    assert.ok(err.properties.lastValidateTicketId);
    assert.equal(err.properties.deploymentId, undefined);
    assert.deepEqual(err.reasons, [err.message]);
    assert.match(err.message, /Injected: table snk not found/);
    await fx.provider.delete(err.id, err.properties);
  });

  it("masks local variable values the service echoes in failures and messages", async () => {
    await fx.admin("fail-next-ticket", {
      kind: "validate",
      message: "cannot connect with password s3cret-pw",
    });
    const inputs = fx.inputs({ localVariables: { pwd: "s3cret-pw" } });
    const err: unknown = await fx.provider.create(inputs).then(
      () => assert.fail("create should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PartialFailure);
    assert.match(err.message, /cannot connect with password \*{6}/);
    assert.equal(err.properties.lastValidationMessage, "cannot connect with password ******");
    const { localVariables, ...rest } = err.properties;
    assert.deepEqual(
      localVariables,
      { pwd: "s3cret-pw" },
      "the input itself is kept (Pulumi keeps it secret)",
    );
    assert.ok(!JSON.stringify(rest).includes("s3cret-pw"));
    await fx.provider.delete(err.id, err.properties);
  });

  it("rejects with a partial failure when the deploy ticket fails", async () => {
    await fx.admin("fail-next-ticket", { kind: "deploy", message: "Injected: no resources in queue" });
    const err: unknown = await fx.provider.create(fx.inputs()).then(
      () => assert.fail("create should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PartialFailure);
    assert.match(err.message, /Deploy of draft .* failed: Injected: no resources in queue/);
    assert.ok(err.properties.lastDeployTicketId);
    await fx.provider.delete(err.id, err.properties);
  });
});

describe("provider check with the service's SQL check (ValidateSqlStatement)", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  it("passes valid SQL and fails invalid SQL with the service's position, touching no draft", async () => {
    const valid = await fx.provider.check({}, fx.inputs());
    assert.deepEqual(valid.failures, []);
    const invalid = await fx.provider.check(
      {},
      fx.inputs({ sql: SQL.replace("INSERT INTO snk SELECT", "INSERT INTO snk SELEC") }),
    );
    const failure = (invalid.failures ?? []).find((f) => f.property === "" && f.reason.startsWith("sql"));
    assert.ok(failure, JSON.stringify(invalid.failures));
    assert.match(failure.reason, /ValidateSqlStatement/);
    assert.match(failure.reason, /statement 3, line 3/);
    assert.deepEqual(fx.emulator.snapshot().drafts, {}, "no draft was touched");
    assert.ok(fx.emulator.requestLog().some((r) => r.action === "ValidateSqlStatement"));
  });
});

describe("provider read drift and delete with a running job", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  it("refresh reports SQL edited in the console as drift, and a vanished deployment as not deployed", async () => {
    // A stopped job: the service refuses to delete a deployment whose job runs.
    const { id, outs } = await fx.provider.create(fx.inputs({ jobState: "STOPPED" }));
    const draftId = String(outs.deploymentDraftId);
    const client = fx.provider.services.client();
    const scope = { workspace: fx.emulator.workspace, namespace: fx.emulator.namespace };
    const consoleSql = `${SQL}\nINSERT INTO snk SELECT 0, 'console' FROM src;`;
    await client.updateDeploymentDraft(scope, draftId, {
      artifact: { kind: "SQLSCRIPT", sqlArtifact: { sqlScript: consoleSql } },
    });
    const refreshed = await fx.provider.read(id, outs);
    assert.equal(refreshed.inputs?.sql, consoleSql);
    assert.equal(refreshed.props?.sqlHash, outs.sqlHash, "sqlHash stays the deployed SQL's");
    const drift = await fx.provider.diff(id, refreshed.props, { ...refreshed.inputs, sql: SQL });
    assert.equal(drift.changes, true, "the program's SQL differs from the draft's");

    await client.deleteDeployment(scope, String(outs.deploymentId));
    const undeployed = await fx.provider.read(id, outs);
    assert.equal(undeployed.props?.deploymentId, undefined);
    assert.equal((await fx.provider.diff(id, undeployed.props, { ...outs, sql: consoleSql })).changes, true);
    await fx.provider.delete(id, undeployed.props ?? {});
  });

  it("stops a running job by stopStrategy before deleting the deployment and the draft", async () => {
    const { id, outs } = await fx.provider.create(fx.inputs());
    assert.equal(outs.jobStatus, "RUNNING", "create starts the job (jobState defaults to RUNNING)");
    fx.logs.length = 0;
    await fx.provider.delete(id, outs);
    assert.match(fx.logs.join("\n"), /stopping job .* \(RUNNING\) .* with STOP_WITH_SAVEPOINT/);
    const state = fx.emulator.snapshot();
    assert.equal(state.deployments[String(outs.deploymentId)], undefined);
    assert.equal(state.drafts[String(outs.deploymentDraftId)], undefined);
  });
});
