import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { createProvider } from "../../provider/provider";
import { UNKNOWN } from "../../provider/unknowns";

const SQL = "CREATE TEMPORARY TABLE t (id INT) WITH ('connector' = 'datagen');\nINSERT INTO t SELECT 1;";

function inputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __provider: "shim",
    __resourceName: "orders",
    __owner: "proj/dev/orders",
    workspace: "ws",
    namespace: "ns",
    sql: SQL,
    engineVersion: "vvr-8.0.11-flink-1.17",
    validation: { preview: "local" },
    ...overrides,
  };
}

/** The property a failure is about: its own, or (for sql and localVariables) the one its reason starts with. */
function propertyOf(failure: { property: string; reason: string }): string {
  return failure.property || (/^[\w.$ -]+?(?=:| is )/.exec(failure.reason)?.[0] ?? "");
}

describe("provider check", () => {
  let logs: string[];
  let check: ReturnType<typeof createProvider>["check"];
  beforeEach(() => {
    logs = [];
    // No credentials in this environment: the server checks are skipped.
    check = createProvider({ sink: (line) => logs.push(line), env: {} }).check;
  });

  it("accepts valid inputs, keeps __provider and internal inputs untouched", async () => {
    const result = await check({}, inputs({ name: "orders-job" }));
    assert.deepEqual(result.failures, []);
    assert.equal(result.inputs?.__provider, "shim");
    assert.equal(result.inputs?.__owner, "proj/dev/orders");
    assert.equal(result.inputs?.name, "orders-job");
    assert.equal(result.inputs?.__autoNamed, false);
    assert.equal(result.inputs?.jobState, "RUNNING", "the default jobState is written out");
    assert.deepEqual(logs, []);
  });

  it("autonames from the resource name and keeps the generated name on later checks", async () => {
    const first = await check({}, inputs());
    assert.match(String(first.inputs?.name), /^orders-[0-9a-f]{7}$/);
    assert.equal(first.inputs?.__autoNamed, true);
    const second = await check(first.inputs, inputs({ sql: `${SQL}\n` }));
    assert.equal(second.inputs?.name, first.inputs?.name, "name is stable across updates");
    const explicitBefore = await check({ name: "fixed", __autoNamed: false }, inputs());
    assert.notEqual(explicitBefore.inputs?.name, "fixed", "an explicit name is not inherited once removed");
  });

  it("derives the autoname from the owner, so a create re-run after a crash names the same draft", async () => {
    const afterCrash = await check({}, inputs());
    const again = await check({}, inputs());
    assert.equal(afterCrash.inputs?.name, again.inputs?.name, "no old inputs, same name");
    const otherStack = await check({}, inputs({ __owner: "proj/prod/orders" }));
    assert.notEqual(otherStack.inputs?.name, afterCrash.inputs?.name, "another stack gets another name");
  });

  it("names the property and the fix for missing or wrong inputs", async () => {
    const result = await check({}, inputs({ workspace: undefined, executionMode: "STREAM", lockPolicy: 3 }));
    const byProperty = new Map((result.failures ?? []).map((f) => [f.property, f.reason]));
    assert.match(
      byProperty.get("workspace") ?? "",
      /workspace is required\. Expected the Flink workspace ID/,
    );
    assert.match(byProperty.get("executionMode") ?? "", /"STREAMING" or "BATCH"/);
    assert.match(byProperty.get("lockPolicy") ?? "", /"fail", "steal" or "wait"/);
  });

  it("checks the job inputs and names the fix", async () => {
    const result = await check(
      {},
      inputs({
        jobState: "PAUSED",
        restoreStrategy: { kind: "FROM_SAVEPOINT" },
        upgradeStrategy: "rolling",
        healthySeconds: -1,
      }),
    );
    const byProperty = new Map((result.failures ?? []).map((f) => [f.property, f.reason]));
    assert.match(byProperty.get("jobState") ?? "", /"RUNNING" or "STOPPED"/);
    assert.match(byProperty.get("restoreStrategy.savepointId") ?? "", /FROM_SAVEPOINT" needs a savepointId/);
    assert.match(byProperty.get("upgradeStrategy") ?? "", /"savepoint", "stateless" or "none"/);
    assert.match(byProperty.get("healthySeconds") ?? "", /between 0 and 3600/);
  });

  it("checks durations, names and variable names", async () => {
    const result = await check(
      {},
      inputs({
        name: " padded",
        timeouts: { create: "20 minutes" },
        localVariables: { "bad name": "x" },
      }),
    );
    const properties = (result.failures ?? []).map(propertyOf).sort();
    assert.deepEqual(properties, ["localVariables.bad name", "name", "timeouts.create"]);
    const reasons = (result.failures ?? []).map((f) => f.reason).join("\n");
    assert.match(reasons, /"90s", "20m" or "1h30m"/);
    assert.match(reasons, /local variable names must start with a letter/);
  });

  it("rejects SQL that is too large, has no statement or contains control characters", async () => {
    const reasons = async (sql: string): Promise<string> =>
      ((await check({}, inputs({ sql }))).failures ?? []).map((f) => f.reason).join("\n");
    assert.match(
      await reasons(`${SQL}\n-- ${"x".repeat(3 * 1024 * 1024)}`),
      /^sql: .*3\.0 MB .*at most 2 MB/,
    );
    assert.match(await reasons("-- nothing\n/* here */"), /^sql: .*no statement, only comments/);
    assert.match(await reasons(`${SQL}\n\u0000`), /^sql: .*control character U\+0000 at line 3, column 1/);
    assert.equal(await reasons(`${SQL}\r\n\t-- tabs and CRLF are fine`), "");
  });

  it("checks the shape of engineVersion locally, naming the expected form", async () => {
    const reasons = async (engineVersion: unknown): Promise<string> =>
      ((await check({}, inputs({ engineVersion }))).failures ?? []).map((f) => f.reason).join("\n");
    assert.match(
      await reasons("flink-1.17"),
      /"flink-1\.17" is not an engine version name; the shape is vvr-<x\.y\.z>-flink-<a\.b>/,
    );
    assert.match(await reasons("vvr-8.0.11-flink-1.17 "), /must not start or end with whitespace/);
    assert.match(await reasons(""), /must not be empty/);
    assert.equal(await reasons("vvr-11.1-jdk11-flink-1.20"), "");
  });

  it("rejects localVariables whose names differ only in case", async () => {
    const result = await check({}, inputs({ localVariables: { kafka: "a", KAFKA: "b" } }));
    const [failure] = result.failures ?? [];
    assert.equal(failure?.property, "", "no property: the engine would print the whole map");
    assert.match(failure?.reason ?? "", /^localVariables/);
    assert.match(failure.reason, /"kafka" and "KAFKA" differ only in case: rename one/);
  });

  it("tolerates unknown values during preview (pulumi.runtime.unknownValue)", async () => {
    assert.equal(UNKNOWN, pulumi.runtime.unknownValue);
    const result = await check(
      {},
      inputs({
        workspace: UNKNOWN,
        sql: UNKNOWN,
        deploymentTarget: { name: UNKNOWN },
        labels: { a: UNKNOWN },
      }),
    );
    assert.deepEqual(result.failures, []);
  });

  it("reports local grammar problems as warnings by default, pointing at the SQL", async () => {
    const result = await check({}, inputs({ sql: "CREATE TEMPORARY TABLE t (id INT);\nSELEC id FROM t;" }));
    assert.deepEqual(result.failures, []);
    const warning = logs.join("\n");
    assert.match(
      warning,
      /\[alicloud-flink:DeployedDraft orders\] warning: sql: statement 2, line 2, column 1/,
    );
    assert.match(warning, /SELEC id FROM t;\n\s+\^/);
  });

  it("fails on grammar problems and missing variables with validation.strict", async () => {
    const result = await check(
      {},
      inputs({
        sql: "SELEC 1;\nINSERT INTO t SELECT '${missing}';",
        validation: { preview: "local", strict: true },
      }),
    );
    const reasons = (result.failures ?? []).map((f) => f.reason).join("\n");
    assert.match(reasons, /sql: sql uses \$\{missing\} but localVariables has no "missing"/);
    assert.match(reasons, /^sql: statement 1, line 1, column 1/m);
  });

  it("fails on an undefined ${variable} without validation.strict too: the service would refuse it", async () => {
    const result = await check({}, inputs({ sql: "INSERT INTO t SELECT '${missing}';" }));
    assert.match(result.failures?.[0]?.reason ?? "", /^sql: sql uses \$\{missing\}/);
    const namespaceVariable = await check({}, inputs({ sql: "INSERT INTO t SELECT '${secret_values.pw}';" }));
    assert.deepEqual(
      namespaceVariable.failures,
      [],
      "${secret_values.x} is the namespace's, not a local variable",
    );
  });

  it("substitutes ${var} before parsing and never prints secret values", async () => {
    const result = await check(
      {},
      inputs({
        sql: "CREATE TEMPORARY TABLE t (id INT) WITH ('password' = '${pwd}');\nSELEC ${pwd};",
        localVariables: { pwd: "hunter2-secret" },
        validation: { preview: "local", strict: true },
      }),
    );
    assert.ok((result.failures ?? []).length > 0);
    assert.ok(!JSON.stringify(result.failures).includes("hunter2-secret"));
  });

  it("skips the server check with a one-line notice when no explicit credentials are configured", async () => {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith("ALIBABA_CLOUD_")) delete process.env[key];
    try {
      const result = await check({}, inputs({ validation: { preview: "server" } }));
      assert.deepEqual(result.failures, []);
      assert.equal(logs.length, 1);
      assert.match(logs[0], /server checks skipped/);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it("checks SQL only when it is new or changed", async () => {
    const bad = inputs({ sql: "SELEC 1;" });
    const first = await check({}, bad);
    assert.equal(logs.length, 1, "warned once");
    await check(first.inputs, { ...bad, sql: "SELEC   1" });
    assert.equal(logs.length, 1, "same statements, no second warning");
    await check(first.inputs, { ...bad, engineVersion: "vvr-8.0.10-flink-1.17" });
    assert.equal(logs.length, 2, "a new engine version is checked again");
  });

  it("runs no SQL check at all with validation.preview off", async () => {
    const result = await check({}, inputs({ sql: "SELEC", validation: { preview: "off", strict: true } }));
    assert.deepEqual(result.failures, []);
    assert.deepEqual(logs, []);
  });

  it("takes numbers and booleans in localVariables as their string form", async () => {
    const result = await check({}, inputs({ localVariables: { rate: 5, enabled: true, name: "x" } }));
    assert.deepEqual(result.failures, []);
    assert.deepEqual(result.inputs?.localVariables, { rate: "5", enabled: "true", name: "x" });
  });

  it("normalizes identifiers once, so diff and create see the same value", async () => {
    const result = await check({}, inputs({ workspace: "ws\n", namespace: " ns " }));
    assert.deepEqual(result.failures, []);
    assert.equal(result.inputs?.workspace, "ws");
    assert.equal(result.inputs?.namespace, "ns");
  });

  it("refuses an unknown property, naming the closest one", async () => {
    const result = await check({}, inputs({ rollbackOnFailur: true }));
    assert.deepEqual(result.failures, [
      {
        property: "rollbackOnFailur",
        reason: "rollbackOnFailur is not a DeployedDraft property: did you mean rollbackOnFailure?",
      },
    ]);
  });
});
