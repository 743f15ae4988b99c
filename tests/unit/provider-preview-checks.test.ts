import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../provider/unknowns";
import { SQL, startProviderFixture, type ProviderFixture } from "./provider-fixtures";

/** The service's read-only checks that `check` runs during preview (lifecycle/server-checks.ts). */
describe("provider check against the service (engine versions, queues, workspace, namespace)", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });
  beforeEach(() => fx.logs.splice(0));

  const actionsDuring = async (run: () => Promise<unknown>): Promise<string[]> => {
    const from = fx.emulator.requestLog().length;
    await run();
    return fx.emulator
      .requestLog()
      .slice(from)
      .map((r) => r.action ?? r.path);
  };

  async function failuresOf(overrides: Record<string, unknown>): Promise<string> {
    const result = await fx.provider.check({}, fx.inputs(overrides));
    return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
  }

  it("looks each catalogue up once per process, however many resources are checked", async () => {
    // The first test of the file: this emulator's client has an empty cache.
    const actions = await actionsDuring(() =>
      Promise.all(Array.from({ length: 10 }, () => fx.provider.check({}, fx.inputs()))),
    );
    assert.equal(actions.filter((a) => a === "ListEngineVersionMetadata").length, 1);
    assert.equal(actions.filter((a) => a === "ListDeploymentTargets").length, 1);
    assert.equal(actions.filter((a) => a === "ValidateSqlStatement").length, 10, "the SQL of each resource");
  });

  it("sends a new resource's name lookup beside its SQL check: the engine checks one resource at a time", async () => {
    // ValidateSqlStatement answers late: a lookup sent after its answer would be logged after it.
    await fx.admin("faults", {
      rules: [{ operation: "ValidateSqlStatement", kind: "latency", latencyMs: 400 }],
    });
    try {
      const actions = await actionsDuring(() => fx.provider.check({}, fx.inputs({ name: "side-by-side" })));
      const lookup = actions.indexOf("ListDeploymentDrafts");
      assert.ok(lookup >= 0, `the name was looked up: ${actions.join(", ")}`);
      assert.ok(
        lookup < actions.indexOf("ValidateSqlStatement"),
        `the lookup was answered before the slow SQL check: ${actions.join(", ")}`,
      );
    } finally {
      await fx.admin("faults", { rules: [] });
    }
  });

  it("reports neither the name's verdict nor its log when the SQL check failed", async () => {
    // A draft of that name that belongs to someone else: the lookup refuses the name.
    const name = "taken-elsewhere";
    const { id, outs } = await fx.provider.create({
      ...fx.inputs({ name }),
      __owner: "someone/else/console",
    });
    try {
      // One resource of the program, checked again and again: its name claim stays its own.
      const resource = fx.inputs({ name });
      const good = await fx.provider.check({}, resource);
      assert.deepEqual(
        (good.failures ?? []).map((f) => f.property),
        ["name"],
        "with good SQL the name is refused",
      );
      const badSql = SQL.replace("SELECT id", "SELEC id");
      const reasons = async (overrides: Record<string, unknown>): Promise<string[]> =>
        ((await fx.provider.check({}, { ...resource, sql: badSql, ...overrides })).failures ?? []).map(
          (f) => f.reason,
        );
      fx.logs.splice(0);
      for (const overrides of [{}, { adopt: true }]) {
        const found = await reasons(overrides);
        assert.ok(
          found.some((r) => r.startsWith("sql:")),
          `the SQL failed: ${found.join("; ")}`,
        );
        assert.ok(!found.some((r) => r.startsWith("name:")), `no verdict on the name: ${found.join("; ")}`);
      }
      assert.doesNotMatch(fx.logs.join("\n"), /adopt:/, "nothing of the lookup is logged");
    } finally {
      await fx.provider.delete(id, outs);
    }
  });

  it("rejects an EXPIRED engine version and one the service does not offer, naming engineVersion", async () => {
    const expired = await failuresOf({ engineVersion: "vvr-4.0.18-flink-1.13" });
    assert.match(expired, /^engineVersion: engineVersion "vvr-4\.0\.18-flink-1\.13" has EXPIRED/);
    assert.match(expired, /choose a supported version, e\.g\. "vvr-8\.0\.11-flink-1\.17"/);
    const unknown = await failuresOf({ engineVersion: "vvr-99.0.0-flink-9.9" });
    assert.match(unknown, /^engineVersion: .*unknown to the service/);
    assert.doesNotMatch(unknown, /\nsql:/, "the engine's problem is not reported against sql");
  });

  it("warns about a DEPRECATED engine version without failing", async () => {
    const result = await fx.provider.check({}, fx.inputs({ engineVersion: "vvr-6.0.7-flink-1.15" }));
    assert.deepEqual(result.failures, []);
    assert.match(fx.logs.join("\n"), /warning: engineVersion "vvr-6\.0\.7-flink-1\.15" is DEPRECATED/);
  });

  it("rejects a deployment target or start queue the namespace does not have, listing those it has", async () => {
    const target = await failuresOf({ deploymentTarget: { name: "no-such-queue" } });
    assert.match(target, /^deploymentTarget: .*"no-such-queue" does not exist.*"default-queue"/);
    const queue = await failuresOf({ resourceQueueName: "elsewhere" });
    assert.match(queue, /^resourceQueueName: .*"elsewhere" does not exist/);
    assert.equal(
      await failuresOf({ deploymentTarget: { name: UNKNOWN } }),
      "",
      "an unknown value is not judged",
    );
  });

  it("maps an unknown workspace or namespace to its property, once", async () => {
    const workspace = await failuresOf({ workspace: "ws-typo" });
    assert.equal(workspace.split("\n").length, 1, workspace);
    assert.match(workspace, /^workspace: workspace "ws-typo" .*does not exist.*check the workspace ID/);
    const namespace = await failuresOf({ namespace: "ns-typo" });
    assert.match(namespace, /^namespace: namespace "ns-typo" does not exist.*check the namespace name/);
  });

  it("asks the service nothing when a local check already failed", async () => {
    const actions = await actionsDuring(() =>
      fx.provider.check({}, fx.inputs({ lockPolicy: "ignore", engineVersion: "vvr-4.0.18-flink-1.13" })),
    );
    assert.deepEqual(actions, []);
  });

  it("leaves the SQL to the service when it answers: the local grammar is not consulted, and warns where it is", async () => {
    const broken = SQL.replace("INSERT INTO snk SELECT", "INSERT INTO snk SELEC");
    const judged = await failuresOf({ sql: broken });
    assert.match(
      judged,
      /sql: the service.s SQL check \(ValidateSqlStatement\) failed/,
      "the service.s verdict",
    );
    assert.doesNotMatch(fx.logs.join("\n"), /local Flink grammar check/, "no second, local opinion");
    fx.logs.splice(0);
    // Without the service's answer (validation.preview "local"), the grammar speaks, as a warning.
    const actions = await actionsDuring(() =>
      fx.provider.check({}, fx.inputs({ sql: broken, validation: { preview: "local" } })),
    );
    assert.ok(!actions.includes("ValidateSqlStatement"), actions.join(", "));
    assert.match(fx.logs.join("\n"), /warning: sql: statement 3, line 3[\s\S]*local Flink grammar check/);
  });

  it("does not repeat the catalogue checks when engine version and queue are unchanged", async () => {
    const first = await fx.provider.check({}, fx.inputs({ sql: SQL }));
    const actions = await actionsDuring(() => fx.provider.check(first.inputs, { ...first.inputs }));
    assert.deepEqual(actions, []);
  });
});
