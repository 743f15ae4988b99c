import { strict as assert } from "node:assert";
import { createProvider } from "../../provider/provider";
import { sqlHash } from "../../provider/sql";
import { UNKNOWN } from "../../provider/unknowns";

const SQL = "CREATE TEMPORARY TABLE t (id INT) WITH ('connector' = 'datagen');\nINSERT INTO t SELECT 1;";

const inputs = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  __provider: "shim",
  __resourceName: "orders",
  __owner: "proj/dev/orders",
  workspace: "ws",
  namespace: "ns",
  name: "orders-1a2b3c4",
  __autoNamed: true,
  sql: SQL,
  engineVersion: "vvr-8.0.11-flink-1.17",
  ...overrides,
});

/** Stored outputs after a successful deploy of `inputs`. */
const outputs = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const base = inputs(overrides);
  return {
    ...base,
    deploymentDraftId: "d-1",
    deploymentId: "dep-1",
    sqlHash: sqlHash(String(base.sql)),
    statementCount: 2,
    schemaVersion: 1,
  };
};

describe("provider diff (local, no network)", () => {
  const logs: string[] = [];
  // No credentials and no endpoint: diff must not need either.
  const { diff } = createProvider({ sink: (line) => logs.push(line), env: {} });

  it("reports no change for identical inputs", async () => {
    assert.deepEqual(await diff("id", outputs(), inputs()), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("ignores whitespace, comments, keyword case and a trailing semicolon in SQL", async () => {
    const reformatted =
      "-- orders\ncreate temporary table t (id INT)\n  WITH ('connector' = 'datagen');\n\ninsert into t select 1";
    assert.equal((await diff("id", outputs(), inputs({ sql: reformatted }))).changes, false);
  });

  it("counts string literal and quoted identifier changes, and logs which statement changed", async () => {
    logs.length = 0;
    const changed = SQL.replace("'datagen'", "'DataGen'");
    const result = await diff("id", outputs(), inputs({ sql: changed }));
    assert.equal(result.changes, true);
    assert.deepEqual(result.replaces, []);
    assert.match(logs.join("\n"), /sql statement 1 changed: CREATE TEMPORARY TABLE/);
  });

  it("counts every cloud-relevant input, with defaults applied", async () => {
    const cases: Record<string, unknown>[] = [
      { engineVersion: "vvr-8.0.10-flink-1.17" },
      { deploymentTarget: { name: "other-queue" } },
      { additionalDependencies: ["oss://b/udf.jar"] },
      { localVariables: { topic: "orders" } },
      { labels: { team: "data" } },
      { folderId: "folder-1" },
    ];
    for (const change of cases) {
      const result = await diff("id", outputs(), inputs(change));
      assert.equal(result.changes, true, JSON.stringify(change));
      assert.deepEqual(result.replaces, [], JSON.stringify(change));
    }
    const defaults = {
      executionMode: "STREAMING",
      deploymentTarget: { name: "default-queue", mode: "PER_JOB" },
    };
    assert.equal(
      (await diff("id", outputs(), inputs(defaults))).changes,
      false,
      "explicit defaults are no change",
    );
  });

  it("ignores behaviour knobs", async () => {
    const knobs = {
      timeouts: { create: "5m" },
      lockPolicy: "steal",
      lockWaitTimeout: "1m",
      validation: { preview: "off", strict: true, beforeDeploy: false },
      onOutOfBandChange: "fail",
      adopt: true,
    };
    assert.equal((await diff("id", outputs(), inputs(knobs))).changes, false);
  });

  it("replaces on workspace, namespace and executionMode; an autoname reused in the same namespace deletes first", async () => {
    for (const [change, deleteFirst] of [
      [{ workspace: "ws2" }, false],
      [{ namespace: "ns2" }, false],
      // Autonames are derived from the owner, so the replacement would take the same name.
      [{ executionMode: "BATCH" }, true],
    ] as const) {
      const result = await diff("id", outputs(), inputs(change));
      assert.equal(result.changes, true);
      assert.deepEqual(result.replaces, Object.keys(change));
      assert.equal(result.deleteBeforeReplace, deleteFirst, JSON.stringify(change));
    }
  });

  it("deletes first when a replacement keeps an explicit name in the same namespace", async () => {
    const explicit = { name: "orders", __autoNamed: false };
    const mode = await diff("id", outputs(explicit), inputs({ ...explicit, executionMode: "BATCH" }));
    assert.deepEqual(mode.replaces, ["executionMode"]);
    assert.equal(mode.deleteBeforeReplace, true);
    const renamed = await diff("id", outputs(explicit), inputs({ name: "orders-v2", __autoNamed: false }));
    assert.deepEqual(renamed.replaces, ["name"]);
    assert.equal(renamed.deleteBeforeReplace, false, "a new name does not collide");
    const moved = await diff("id", outputs(explicit), inputs({ ...explicit, namespace: "ns2" }));
    assert.equal(moved.deleteBeforeReplace, false, "another namespace does not collide");
  });

  it("resumes a partial failure: no deploymentId, or SQL not yet deployed", async () => {
    const partial = outputs();
    delete partial.deploymentId;
    assert.equal((await diff("id", partial, inputs())).changes, true);
    const failedUpdate = outputs({ sql: `${SQL}\nINSERT INTO t SELECT 2;` });
    failedUpdate.sqlHash = sqlHash(SQL); // the last deploy was the old SQL
    const retry = await diff("id", failedUpdate, inputs({ sql: failedUpdate.sql }));
    assert.equal(retry.changes, true);
  });

  it("reconciles jobState against the observed state in the outputs", async () => {
    const running = outputs({ jobState: "RUNNING", jobStatus: "RUNNING" });
    assert.equal((await diff("id", running, inputs({ jobState: "RUNNING" }))).changes, false);
    assert.equal((await diff("id", running, inputs())).changes, false, "RUNNING is the default");
    assert.equal((await diff("id", running, inputs({ jobState: "STOPPED" }))).changes, true);
    // A refresh (or a failed start) recorded the job as stopped: the next up starts it.
    logs.length = 0;
    const died = outputs({ jobState: "STOPPED", jobStatus: "FAILED" });
    assert.equal((await diff("id", died, inputs({ jobState: "RUNNING" }))).changes, true);
    assert.match(logs.join("\n"), /jobState STOPPED \(job FAILED\) → RUNNING/);
    assert.equal((await diff("id", died, inputs({ jobState: "STOPPED" }))).changes, false);
    // States written before jobState existed: no change until a refresh observes the job.
    assert.equal((await diff("id", outputs(), inputs({ jobState: "RUNNING" }))).changes, false);
    // The job knobs shape the next start, stop or upgrade; they change nothing by themselves.
    const knobs = {
      jobState: "RUNNING",
      restoreStrategy: { kind: "NONE" },
      stopStrategy: "NONE",
      resourceQueueName: "other-queue",
      upgradeStrategy: "stateless",
      healthySeconds: 30,
      rollbackOnFailure: true,
    };
    assert.equal((await diff("id", running, inputs(knobs))).changes, false);
  });

  it("treats unknown values as changes during preview", async () => {
    assert.equal((await diff("id", outputs(), inputs({ sql: UNKNOWN }))).changes, true);
    assert.equal((await diff("id", outputs(), inputs({ jobState: UNKNOWN }))).changes, true);
    const unknownNamespace = await diff("id", outputs(), inputs({ namespace: UNKNOWN }));
    assert.deepEqual(unknownNamespace.replaces, ["namespace"]);
  });

  it("a state written with an untrimmed workspace is no replacement of the trimmed input", async () => {
    // The data-loss path of the hardening issue: "ws " in state, "ws" from check, the same draft.
    const result = await diff("id", outputs({ workspace: "ws " }), inputs({ workspace: "ws" }));
    assert.equal(result.changes, false);
    assert.deepEqual(result.replaces, []);
  });

  it("a replacement that addresses the same draft deletes the old one first", async () => {
    const result = await diff(
      "id",
      outputs({ executionMode: "STREAMING", workspace: "ws " }),
      inputs({ executionMode: "BATCH" }),
    );
    assert.deepEqual(result.replaces, ["executionMode"]);
    assert.equal(result.deleteBeforeReplace, true);
  });
});
