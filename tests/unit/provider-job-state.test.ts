/**
 * The job run state, in process against the emulator: start on create, the
 * health gate, upgrades by upgradeStrategy, jobState stop/start, drift after
 * a job dies outside Pulumi, and rollback of a failed upgrade.
 */
import { strict as assert } from "node:assert";
import { PartialFailure } from "../../provider/partial-failure";
import { SQL, startProviderFixture, type ProviderFixture } from "./provider-fixtures";

const CHANGED_SQL = SQL.replace("SELECT id, msg FROM src", "SELECT id, UPPER(msg) FROM src");

describe("provider job run state against the emulator", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  /** The emulator's job/savepoint events of one deployment, as "KIND detail" lines. */
  function events(deploymentId: unknown): string[] {
    return (fx.emulator.snapshot().events ?? [])
      .filter((e) => e.deploymentId === deploymentId && e.kind !== "DEPLOYMENT_UPDATED")
      .map((e) =>
        [e.kind, e.stopStrategy, e.restoreKind, e.savepointId ? "sp" : undefined].filter(Boolean).join(" "),
      );
  }

  function savepointOfLastStart(deploymentId: unknown): string | undefined {
    const starts = (fx.emulator.snapshot().events ?? []).filter(
      (e) => e.deploymentId === deploymentId && e.kind === "JOB_STARTING",
    );
    return starts[starts.length - 1]?.savepointId;
  }

  async function rejection(promise: Promise<unknown>): Promise<PartialFailure> {
    const err: unknown = await promise.then(
      () => assert.fail("expected the operation to fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PartialFailure, `expected a PartialFailure, got ${String(err)}`);
    return err;
  }

  it("create starts the job and waits for it to be healthy", async () => {
    const { id, outs } = await fx.provider.create(fx.inputs());
    assert.equal(outs.jobStatus, "RUNNING");
    assert.equal(outs.jobState, "RUNNING");
    assert.equal(outs.deploymentHasChanged, false);
    assert.ok(outs.jobId);
    assert.deepEqual(events(outs.deploymentId), [
      "DEPLOYMENT_CREATED",
      "JOB_STARTING LATEST_SAVEPOINT",
      "JOB_RUNNING",
    ]);
    await fx.provider.delete(id, outs);
  });

  it("upgradeStrategy savepoint: stop with a savepoint, then start from it", async () => {
    const inputs = fx.inputs();
    const { id, outs } = await fx.provider.create(inputs);
    const news = { ...inputs, sql: CHANGED_SQL };
    assert.equal((await fx.provider.diff(id, outs, news)).changes, true);
    const { outs: upgraded } = await fx.provider.update(id, outs, news);
    assert.deepEqual(events(outs.deploymentId).slice(3), [
      "JOB_STOPPING STOP_WITH_SAVEPOINT sp",
      "SAVEPOINT_COMPLETED sp",
      "JOB_CANCELLED",
      "JOB_STARTING FROM_SAVEPOINT sp",
      "JOB_RUNNING",
    ]);
    const savepointId = savepointOfLastStart(outs.deploymentId);
    assert.ok(savepointId);
    assert.equal(upgraded.lastSavepointId, savepointId);
    assert.notEqual(upgraded.jobId, outs.jobId, "a new job runs the new SQL");
    assert.equal(upgraded.jobStatus, "RUNNING");
    assert.equal(upgraded.deploymentHasChanged, false);
    assert.equal((await fx.provider.diff(id, upgraded, news)).changes, false);
    await fx.provider.delete(id, upgraded);
  });

  it("upgradeStrategy stateless: stop, then start without state", async () => {
    const inputs = fx.inputs({ upgradeStrategy: "stateless" });
    const { id, outs } = await fx.provider.create(inputs);
    const { outs: upgraded } = await fx.provider.update(id, outs, { ...inputs, sql: CHANGED_SQL });
    assert.deepEqual(events(outs.deploymentId).slice(3), [
      "JOB_STOPPING NONE",
      "SAVEPOINT_COMPLETED sp", // the emulator lists the stopped job's retained checkpoint
      "JOB_CANCELLED",
      "JOB_STARTING NONE",
      "JOB_RUNNING",
    ]);
    assert.equal(upgraded.jobStatus, "RUNNING");
    await fx.provider.delete(id, upgraded);
  });

  it("upgradeStrategy none: the job keeps running the old version, and outputs and log say so", async () => {
    const inputs = fx.inputs({ upgradeStrategy: "none" });
    const { id, outs } = await fx.provider.create(inputs);
    fx.logs.length = 0;
    const { outs: updated } = await fx.provider.update(id, outs, { ...inputs, sql: CHANGED_SQL });
    assert.equal(updated.jobId, outs.jobId, "the same job");
    assert.equal(updated.deploymentHasChanged, true);
    assert.match(fx.logs.join("\n"), /keeps running the previous version \(upgradeStrategy "none"\)/);
    assert.deepEqual(events(outs.deploymentId).slice(3), []);
    await fx.provider.delete(id, updated);
  });

  it("an engine version change goes through a savepoint even with upgradeStrategy none", async () => {
    const inputs = fx.inputs({ upgradeStrategy: "none" });
    const { id, outs } = await fx.provider.create(inputs);
    fx.logs.length = 0;
    const { outs: upgraded } = await fx.provider.update(id, outs, {
      ...inputs,
      engineVersion: "vvr-8.0.10-flink-1.17",
    });
    assert.match(fx.logs.join("\n"), /upgrading through a savepoint although upgradeStrategy is "none"/);
    assert.deepEqual(events(outs.deploymentId).slice(3, 4), ["JOB_STOPPING STOP_WITH_SAVEPOINT sp"]);
    assert.equal(savepointOfLastStart(outs.deploymentId), upgraded.lastSavepointId);
    assert.equal(upgraded.deploymentHasChanged, false);
    await fx.provider.delete(id, upgraded);
  });

  it("jobState STOPPED stops with a savepoint without redeploying; RUNNING restores from it", async () => {
    const inputs = fx.inputs();
    const { id, outs } = await fx.provider.create(inputs);
    const stopped = { ...inputs, jobState: "STOPPED" };
    assert.equal((await fx.provider.diff(id, outs, stopped)).changes, true);
    const writesBefore = fx.emulator.requestLog().length;
    const { outs: afterStop } = await fx.provider.update(id, outs, stopped);
    const actions = fx.emulator
      .requestLog()
      .slice(writesBefore)
      .map((r) => r.action);
    assert.ok(!actions.includes("UpdateDeploymentDraft") && !actions.includes("DeployDeploymentDraftAsync"));
    assert.equal(afterStop.jobStatus, "CANCELLED");
    assert.equal(afterStop.jobState, "STOPPED");
    assert.ok(afterStop.lastSavepointId);
    assert.equal((await fx.provider.diff(id, afterStop, stopped)).changes, false);

    const running = { ...inputs, jobState: "RUNNING" };
    const { outs: restarted } = await fx.provider.update(id, afterStop, running);
    assert.equal(restarted.jobStatus, "RUNNING");
    assert.equal(savepointOfLastStart(outs.deploymentId), afterStop.lastSavepointId, "LATEST_SAVEPOINT");
    await fx.provider.delete(id, restarted);
  });

  it("uses stopStrategy, restoreStrategy and resourceQueueName as given", async () => {
    const inputs = fx.inputs({ stopStrategy: "STOP_WITH_DRAIN", restoreStrategy: { kind: "NONE" } });
    const { id, outs } = await fx.provider.create(inputs);
    const { outs: stopped } = await fx.provider.update(id, outs, { ...inputs, jobState: "STOPPED" });
    const { outs: restarted } = await fx.provider.update(id, stopped, inputs);
    assert.deepEqual(events(outs.deploymentId).slice(3), [
      "JOB_STOPPING STOP_WITH_DRAIN sp",
      "SAVEPOINT_COMPLETED sp",
      "JOB_CANCELLED",
      "JOB_STARTING NONE",
      "JOB_RUNNING",
    ]);
    const fromSavepoint = {
      ...inputs,
      restoreStrategy: { kind: "FROM_SAVEPOINT", savepointId: stopped.lastSavepointId },
    };
    const { outs: again } = await fx.provider.update(id, restarted, {
      ...fromSavepoint,
      jobState: "STOPPED",
    });
    await fx.provider.update(id, again, fromSavepoint);
    assert.equal(savepointOfLastStart(outs.deploymentId), stopped.lastSavepointId);

    const queued = fx.inputs({ resourceQueueName: "no-such-queue" });
    const err = await rejection(fx.provider.create(queued));
    assert.match(err.message, /StartJobWithParams.*resourceQueueName no-such-queue/);
    assert.equal(err.properties.jobStatus, "NOT_STARTED");
    assert.equal((await fx.provider.diff(err.id, err.properties, queued)).changes, true);
    await fx.provider.delete(err.id, err.properties);
    await fx.provider.delete(id, restarted);
  });

  it("sends StartJobWithParams and StopJob again only when a failed call did not land", async () => {
    const inputs = fx.inputs();
    await fx.admin("faults", {
      rules: [
        { operation: "StartJobWithParams", kind: "http500", times: 1 },
        { operation: "StopJob", kind: "http503", times: 1 },
      ],
    });
    fx.logs.length = 0;
    const { id, outs } = await fx.provider.create(inputs);
    const { outs: stopped } = await fx.provider.update(id, outs, { ...inputs, jobState: "STOPPED" });
    await fx.admin("faults", { rules: [] });
    assert.equal(outs.jobStatus, "RUNNING");
    assert.equal(stopped.jobStatus, "CANCELLED");
    assert.match(fx.logs.join("\n"), /StartJobWithParams did not land .*HTTP 500.*sending it again/);
    assert.match(fx.logs.join("\n"), /StopJob did not land .*HTTP 503.*sending it again/);
    const starts = (fx.emulator.snapshot().events ?? []).filter(
      (e) => e.deploymentId === outs.deploymentId && e.kind === "JOB_STARTING",
    );
    assert.equal(starts.length, 1, "exactly one job was started");
    await fx.provider.delete(id, stopped);
  });

  it("a job that fails at start fails create at once with the service's reason", async () => {
    const inputs = fx.inputs({ healthySeconds: 60 });
    await fx.admin("fail-job", {
      deploymentName: inputs.name,
      nextStart: true,
      reason: "KubernetesDeploymentNotProgressing",
      message: "TaskManager pods are pending: insufficient CPU",
    });
    const started = Date.now();
    const err = await rejection(fx.provider.create(inputs));
    assert.ok(Date.now() - started < 10_000, "no waiting out the deadline or healthySeconds");
    assert.match(err.message, /FAILED: KubernetesDeploymentNotProgressing: TaskManager pods are pending/);
    assert.equal(err.properties.jobStatus, "FAILED");
    assert.equal(err.properties.jobState, "STOPPED");
    assert.match(String(err.properties.jobFailure), /insufficient CPU/);
    // The service's diagnosis, the deployment's events and the JobManager log's tail, bounded.
    assert.match(err.message, /diagnosis: health score \d+, risk \w+/);
    assert.match(err.message, /recent events:/);
    assert.match(err.message, /JobManager start log \(last \d+ lines\):/);
    assert.match(String(err.properties.jobFailure), /diagnosis: health score/);
    assert.ok(err.message.length < 8_000, `the message is bounded (${err.message.length})`);
    if (process.env.SHOW_DIAGNOSIS) console.log(err.message);
    const again = await fx.provider.diff(err.id, err.properties, inputs);
    assert.equal(again.changes, true, "the next up starts it again");
    const { outs } = await fx.provider.update(err.id, err.properties, { ...inputs, healthySeconds: 0.2 });
    assert.equal(outs.jobStatus, "RUNNING");
    assert.equal(outs.jobFailure, undefined);
    await fx.provider.delete(err.id, outs);
  });

  it("a job restarting within healthySeconds is not healthy", async () => {
    const inputs = fx.inputs({ healthySeconds: 1.5 });
    const { id, outs } = await fx.provider.create({ ...inputs, jobState: "STOPPED" });
    // Flink restarts the job once the provider has seen it RUNNING (the gate's baseline).
    fx.logs.length = 0;
    let restarted = false;
    fx.hooks.beforeSleep = async () => {
      if (restarted || !fx.logs.some((line) => /job \S+: RUNNING/.test(line))) return;
      restarted = true;
      await fx.admin("restart-job", { deploymentId: outs.deploymentId, times: 1 });
    };
    const err = await rejection(fx.provider.update(id, outs, inputs));
    fx.hooks = {};
    assert.match(err.message, /restarted 1 time\(s\) within healthySeconds/);
    const final = fx.emulator.snapshot();
    assert.ok(Object.values(final.jobs).some((j) => j.deploymentId === outs.deploymentId));
    await fx.provider.delete(id, err.properties);
  });

  it("refresh reports a job killed outside Pulumi; the next update starts it without touching the draft", async () => {
    const inputs = fx.inputs();
    const { id, outs } = await fx.provider.create(inputs);
    await fx.admin("kill-job", {
      deploymentId: outs.deploymentId,
      status: "FAILED",
      reason: "OutOfMemoryError",
    });
    const refreshed = await fx.provider.read(id, outs);
    assert.equal(refreshed.props?.jobStatus, "FAILED");
    assert.equal(refreshed.props?.jobState, "STOPPED");
    assert.equal(refreshed.inputs?.jobState, "STOPPED", "drift shows against the program's jobState");
    assert.match(String(refreshed.props?.jobFailure), /OutOfMemoryError/);
    assert.equal((await fx.provider.diff(id, refreshed.props, inputs)).changes, true);
    const before = fx.emulator.requestLog().length;
    const { outs: back } = await fx.provider.update(id, refreshed.props, inputs);
    const actions = fx.emulator
      .requestLog()
      .slice(before)
      .map((r) => r.action);
    assert.ok(actions.includes("StartJobWithParams"));
    assert.ok(!actions.includes("UpdateDeploymentDraft"), actions.join(","));
    assert.equal(back.jobStatus, "RUNNING");
    assert.equal(back.jobFailure, undefined);
    await fx.provider.delete(id, back);
  });

  it("rollbackOnFailure: a failed upgrade goes back to the previous SQL, from the savepoint taken before it", async () => {
    const inputs = fx.inputs({ rollbackOnFailure: true });
    const { id, outs } = await fx.provider.create(inputs);
    await fx.admin("fail-job", {
      deploymentId: outs.deploymentId,
      nextStart: true,
      reason: "TableNotFound",
      message: "the new query reads a table that does not exist",
    });
    const news = { ...inputs, sql: CHANGED_SQL };
    const err = await rejection(fx.provider.update(id, outs, news));
    assert.match(err.message, /TableNotFound/);
    assert.match(err.message, /Rolled back/);
    const preUpgrade = (fx.emulator.snapshot().events ?? []).find(
      (e) => e.deploymentId === outs.deploymentId && e.kind === "JOB_STOPPING",
    )?.savepointId;
    assert.ok(preUpgrade);
    assert.equal(
      savepointOfLastStart(outs.deploymentId),
      preUpgrade,
      "restarted from the pre-upgrade savepoint",
    );
    const deployment = fx.emulator.snapshot().deployments[String(outs.deploymentId)];
    assert.equal(deployment.artifact.sqlArtifact?.sqlScript, SQL, "the previous SQL is deployed again");
    assert.equal(err.properties.jobStatus, "RUNNING");
    assert.equal((await fx.provider.diff(id, err.properties, news)).changes, true, "the next up retries");
    await fx.provider.delete(id, err.properties);
  });

  it("rollbackOnFailure after a real restore failure: the new GROUP BY keys cannot take over the savepoint", async () => {
    const totals = (groupBy: string) =>
      [
        "CREATE TEMPORARY TABLE orders (customer STRING, id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');",
        "CREATE TEMPORARY TABLE totals (customer STRING, id BIGINT, total DOUBLE) WITH ('connector' = 'blackhole');",
        `INSERT INTO totals SELECT customer, MAX(id), SUM(amount) FROM orders GROUP BY ${groupBy};`,
      ].join("\n");
    const inputs = fx.inputs({ sql: totals("customer"), rollbackOnFailure: true });
    const { id, outs } = await fx.provider.create(inputs);
    const news = { ...inputs, sql: totals("customer, id") };
    const err = await rejection(fx.provider.update(id, outs, news));
    // The emulator decides from its own record of the savepoint's operators (not the provider's analysis).
    assert.match(err.message, /Cannot map checkpoint\/savepoint state/);
    assert.match(err.message, /Rolled back/);
    const deployment = fx.emulator.snapshot().deployments[String(outs.deploymentId)];
    assert.equal(
      deployment.artifact.sqlArtifact?.sqlScript,
      totals("customer"),
      "the previous SQL runs again",
    );
    assert.equal(err.properties.jobStatus, "RUNNING");
    await fx.provider.delete(id, err.properties);
  });

  it("allowNonRestoredState lets the incompatible upgrade start", async () => {
    const totals = (groupBy: string) =>
      [
        "CREATE TEMPORARY TABLE orders (customer STRING, id BIGINT, amount DOUBLE) WITH ('connector' = 'datagen');",
        "CREATE TEMPORARY TABLE totals (customer STRING, id BIGINT, total DOUBLE) WITH ('connector' = 'blackhole');",
        `INSERT INTO totals SELECT customer, MAX(id), SUM(amount) FROM orders GROUP BY ${groupBy};`,
      ].join("\n");
    const inputs = fx.inputs({ sql: totals("customer") });
    const { id, outs } = await fx.provider.create(inputs);
    const { outs: upgraded } = await fx.provider.update(id, outs, {
      ...inputs,
      sql: totals("customer, id"),
      restoreStrategy: { kind: "LATEST_SAVEPOINT", allowNonRestoredState: true },
    });
    assert.equal(upgraded?.jobStatus, "RUNNING");
    await fx.provider.delete(id, upgraded);
  });
});
