/**
 * The job run state through the real CLI (issue 7): a deployed draft that
 * runs, upgrades with its state, and reports when it dies.
 *
 * One stack walks through the scenarios in order; each `it` changes one
 * thing with `setArgs` and checks what the emulator saw (its event log and
 * request log) and what the stack recorded. Set E2E_SHOW_REQUESTS=1 to print
 * the requests of the savepoint upgrade.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { DEPLOYED_DRAFT_TYPE, PulumiStack } from "../../scripts/lib/pulumi-stack";
import { BASE_SQL, ConfigurableStack, ENGINE } from "./configurable-stack";
import { admin } from "./resilience-support";

const NAME = `job-state-${Date.now().toString(36)}`;
const UPPER_SQL = BASE_SQL.replace("SELECT id, name FROM src", "SELECT id, UPPER(name) FROM src");
const TRIM_SQL = BASE_SQL.replace("SELECT id, name FROM src", "SELECT id, TRIM(name) FROM src");
const BASE_ARGS = { name: NAME, sql: BASE_SQL, engineVersion: ENGINE, healthySeconds: 0.3 };

describe("e2e: job run state (jobState, upgrades, health gate, drift)", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: ConfigurableStack;
  let deploymentId = "";

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    stack = await ConfigurableStack.create(emulator, BASE_ARGS);
  });

  after(async () => {
    if (stack) stack.stack.dispose();
    if (emulator) await emulator.close();
  });

  /** The DeployedDraft's outputs as the stack recorded them. */
  async function outputs(): Promise<Record<string, unknown>> {
    const resource = (await stack.stack.resources()).find((r) => r.type === DEPLOYED_DRAFT_TYPE);
    return resource?.outputs ?? assert.fail("no DeployedDraft in the stack");
  }

  /** Job and savepoint events of the deployment after `seq`, as "KIND strategy" lines. */
  function eventsSince(seq: number): string[] {
    return (emulator.snapshot().events ?? [])
      .filter((e) => e.deploymentId === deploymentId && e.seq > seq && e.kind !== "DEPLOYMENT_UPDATED")
      .map((e) => [e.kind, e.stopStrategy, e.restoreKind].filter(Boolean).join(" "));
  }

  function lastSeq(): number {
    const events = emulator.snapshot().events ?? [];
    return events[events.length - 1]?.seq ?? 0;
  }

  async function up(args: Record<string, unknown>): Promise<string> {
    await stack.setArgs(args);
    const result = await stack.stack.up();
    assert.equal(result.code, 0, result.output);
    return result.output;
  }

  it("create: the job runs, and the outputs say so", async () => {
    await up(BASE_ARGS);
    const outs = await outputs();
    deploymentId = String(outs.deploymentId);
    assert.equal(outs.jobStatus, "RUNNING");
    assert.equal(outs.jobState, "RUNNING");
    assert.equal(outs.deploymentHasChanged, false);
    assert.ok(outs.jobId);
    assert.deepEqual(eventsSince(0), ["DEPLOYMENT_CREATED", "JOB_STARTING LATEST_SAVEPOINT", "JOB_RUNNING"]);
  });

  it("a SQL change upgrades through a savepoint: stop with savepoint, then start from it", async () => {
    const seq = lastSeq();
    const requestsBefore = emulator.requestLog().length;
    const before = await outputs();
    await up({ ...BASE_ARGS, sql: UPPER_SQL });
    assert.deepEqual(eventsSince(seq), [
      "JOB_STOPPING STOP_WITH_SAVEPOINT",
      "SAVEPOINT_COMPLETED",
      "JOB_CANCELLED",
      "JOB_STARTING FROM_SAVEPOINT",
      "JOB_RUNNING",
    ]);
    const events = emulator.snapshot().events ?? [];
    const taken = events.find((e) => e.seq > seq && e.kind === "JOB_STOPPING")?.savepointId;
    const restored = events.find((e) => e.seq > seq && e.kind === "JOB_STARTING")?.savepointId;
    assert.ok(taken);
    assert.equal(restored, taken, "the new job restores the savepoint the stop took");
    const after = await outputs();
    assert.equal(after.lastSavepointId, taken);
    assert.notEqual(after.jobId, before.jobId);
    assert.equal(after.jobStatus, "RUNNING");

    const requests = emulator
      .requestLog()
      .slice(requestsBefore)
      .filter((r) => r.action !== "ValidateSqlStatement")
      .map((r) => `${r.method} ${r.path} ${r.action ?? ""} ${r.status}`);
    const actions = requests.map((r) => r.split(" ")[2]);
    const order = ["DeployDeploymentDraftAsync", "StopJob", "ListSavepoints", "StartJobWithParams"];
    const positions = order.map((a) => actions.indexOf(a));
    assert.ok(
      positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])),
      `expected ${order.join(" → ")} in order:\n${requests.join("\n")}`,
    );
    if (process.env.E2E_SHOW_REQUESTS) console.log(`savepoint upgrade requests:\n${requests.join("\n")}`);
  });

  // upgradeStrategy "stateless" and "none", stopStrategy/restoreStrategy/resourceQueueName, resends of
  // StartJob/StopJob, restarts within healthySeconds and rollbackOnFailure run in process against the
  // same emulator: tests/unit/provider-job-state.test.ts. What stays here needs the engine: outputs in
  // state, preview's jobState diff, refresh drift, `up --refresh`, destroy and retainOnDelete.

  it("an engine-version change goes through a savepoint, even with upgradeStrategy none", async () => {
    const seq = lastSeq();
    await up({
      ...BASE_ARGS,
      sql: TRIM_SQL,
      upgradeStrategy: "none",
      engineVersion: "vvr-8.0.10-flink-1.17",
    });
    assert.deepEqual(eventsSince(seq), [
      "JOB_STOPPING STOP_WITH_SAVEPOINT",
      "SAVEPOINT_COMPLETED",
      "JOB_CANCELLED",
      "JOB_STARTING FROM_SAVEPOINT",
      "JOB_RUNNING",
    ]);
    const after = await outputs();
    assert.equal(after.deploymentHasChanged, false, "the new job runs what is deployed");
    const [job] = Object.values(emulator.snapshot().jobs).filter((j) => j.jobId === after.jobId);
    assert.equal(job.engineVersion, "vvr-8.0.10-flink-1.17");
  });

  it("jobState STOPPED stops the job with a savepoint; RUNNING starts it from that savepoint", async () => {
    const args = { ...BASE_ARGS, sql: TRIM_SQL, engineVersion: "vvr-8.0.10-flink-1.17" };
    let seq = lastSeq();
    await stack.setArgs({ ...args, jobState: "STOPPED" });
    const preview = await stack.stack.preview();
    assert.match(preview.output, /jobState.*"RUNNING" => "STOPPED"/);
    await up({ ...args, jobState: "STOPPED" });
    assert.deepEqual(eventsSince(seq), [
      "JOB_STOPPING STOP_WITH_SAVEPOINT",
      "SAVEPOINT_COMPLETED",
      "JOB_CANCELLED",
    ]);
    const stopped = await outputs();
    assert.equal(stopped.jobState, "STOPPED");
    assert.equal(stopped.jobStatus, "CANCELLED");

    seq = lastSeq();
    await up(args);
    assert.deepEqual(eventsSince(seq), ["JOB_STARTING LATEST_SAVEPOINT", "JOB_RUNNING"]);
    const started = emulator.snapshot().events?.find((e) => e.seq > seq && e.kind === "JOB_STARTING");
    assert.equal(started?.savepointId, stopped.lastSavepointId, "restored from the stop's savepoint");
  });

  it("a job killed outside Pulumi shows as drift on refresh, and `up` brings it back", async () => {
    const args = { ...BASE_ARGS, sql: TRIM_SQL, engineVersion: "vvr-8.0.10-flink-1.17" };
    await admin(emulator, "POST", "kill-job", { deploymentId, status: "CANCELLED" });
    const refresh = await stack.stack.refresh();
    assert.equal(refresh.code, 0, refresh.output);
    assert.match(refresh.output, /\[diff: [^\]]*~jobState/, refresh.output);
    assert.match(refresh.output, /jobState STOPPED \(job CANCELLED\) → RUNNING/);
    const refreshed = await outputs();
    assert.equal(refreshed.jobStatus, "CANCELLED");
    const preview = await stack.stack.preview();
    assert.match(preview.output, /~ .*DeployedDraft.*update/s);
    const seq = lastSeq();
    await up(args);
    assert.deepEqual(eventsSince(seq), ["JOB_STARTING LATEST_SAVEPOINT", "JOB_RUNNING"]);
    assert.equal((await outputs()).jobStatus, "RUNNING");
  });

  it("`up --refresh` notices a job that failed outside Pulumi and restarts it in one command", async () => {
    await admin(emulator, "POST", "kill-job", { deploymentId, status: "FAILED", reason: "OutOfMemoryError" });
    const seq = lastSeq();
    const result = await stack.stack.up(["--refresh"]);
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(eventsSince(seq), ["JOB_STARTING LATEST_SAVEPOINT", "JOB_RUNNING"]);
    const outs = await outputs();
    assert.equal(outs.jobStatus, "RUNNING");
    assert.equal(outs.jobFailure, undefined);
  });

  it("a job that fails at start fails `up` at once with the service's reason", async () => {
    const args = {
      ...BASE_ARGS,
      sql: UPPER_SQL,
      engineVersion: "vvr-8.0.10-flink-1.17",
      healthySeconds: 120,
    };
    await admin(emulator, "POST", "fail-job", {
      deploymentName: NAME,
      nextStart: true,
      reason: "KubernetesDeploymentNotProgressing",
      message: "TaskManager pods are pending: insufficient CPU in queue default-queue",
    });
    await stack.setArgs(args);
    const upgradeSeq = lastSeq();
    const started = Date.now();
    const result = await stack.stack.up();
    const elapsedMs = Date.now() - started;
    assert.notEqual(result.code, 0, "up must fail");
    assert.match(result.output, /FAILED: KubernetesDeploymentNotProgressing: TaskManager pods are pending/);
    assert.ok(elapsedMs < 60_000, `up failed fast, not after healthySeconds (${elapsedMs} ms)`);
    const outs = await outputs();
    assert.equal(outs.jobStatus, "FAILED");
    assert.match(String(outs.jobFailure), /insufficient CPU/);

    // The failed upgrade is a partial failure: the next `up` resumes, from the savepoint taken before it.
    const events = emulator.snapshot().events ?? [];
    const taken = events.find((e) => e.seq > upgradeSeq && e.kind === "JOB_STOPPING")?.savepointId;
    assert.ok(taken, "the upgrade stopped the job with a savepoint before the new version failed");
    const seq = lastSeq();
    await up({ ...args, healthySeconds: 0.3 });
    assert.deepEqual(eventsSince(seq), ["JOB_STARTING LATEST_SAVEPOINT", "JOB_RUNNING"]);
    const resumed = emulator.snapshot().events?.find((e) => e.seq > seq && e.kind === "JOB_STARTING");
    assert.equal(resumed?.savepointId, taken, "resumed from the pre-upgrade savepoint");
    assert.equal((await outputs()).jobStatus, "RUNNING");
  });

  it("destroy stops the job with a savepoint before deleting the deployment", async () => {
    const seq = lastSeq();
    const result = await stack.stack.destroy();
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(eventsSince(seq), [
      "JOB_STOPPING STOP_WITH_SAVEPOINT",
      "SAVEPOINT_COMPLETED",
      "JOB_CANCELLED",
      "DEPLOYMENT_DELETED",
    ]);
  });

  it("with retainOnDelete, destroy stops nothing and deletes nothing", async () => {
    const retained = await PulumiStack.create({
      programDir: path.join(__dirname, "job-state-retain-program"),
      config: {
        "alicloud-flink:workspace": emulator.workspace,
        "alicloud-flink:namespace": emulator.namespace,
        "alicloud-flink:endpoint": emulator.endpoint,
        "test:args": JSON.stringify({ sql: BASE_SQL, engineVersion: ENGINE, healthySeconds: 0.3 }),
      },
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
      },
    });
    try {
      const created = await retained.up();
      assert.equal(created.code, 0, created.output);
      const { jobId } = await retained.outputs();
      const writes = await stack.writesDuring(async () => {
        const destroyed = await retained.destroy();
        assert.equal(destroyed.code, 0, destroyed.output);
      });
      assert.deepEqual(writes, [], "no StopJob, no deletes");
      assert.equal(emulator.snapshot().jobs[String(jobId)]?.status, "RUNNING", "the job still runs");
    } finally {
      retained.dispose();
    }
  });
});
