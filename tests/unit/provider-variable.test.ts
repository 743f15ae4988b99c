/**
 * The Variable resource against the in-process emulator, and the
 * DeployedDraft preview check of `${secret_values.x}` references.
 */
import { strict as assert } from "node:assert";
import { createVariableProvider, type ResourceProviderOf } from "../../provider/provider";
import { startProviderFixture, type ProviderFixture } from "./provider-fixtures";

const SECRET = "s3cr3t kafka pw";

describe("provider Variable against the emulator", () => {
  let fx: ProviderFixture;
  let variable: ResourceProviderOf;
  before(async () => {
    fx = await startProviderFixture();
    // The same root as the fixture's DeployedDraft provider: one configuration, one set of clients.
    variable = createVariableProvider({ services: fx.provider.services, configure: () => undefined });
  });
  after(async () => {
    await fx.close();
  });

  const inputs = (overrides: Record<string, unknown> = {}) => ({
    __provider: "shim",
    __resourceName: "kafka-password",
    workspace: fx.emulator.workspace,
    namespace: fx.emulator.namespace,
    name: "kafka_pw",
    value: SECRET,
    ...overrides,
  });

  async function serviceVariables(): Promise<{ name?: string; value?: string; kind?: string }[]> {
    return fx.provider.services
      .client()
      .listVariables({ workspace: fx.emulator.workspace, namespace: fx.emulator.namespace });
  }

  it("creates an Encrypted variable by default; the service shows it masked; read sees no drift", async () => {
    const checked = await variable.check({}, inputs());
    assert.deepEqual(checked.failures, []);
    const { id, outs } = await variable.create(checked.inputs);
    assert.equal(outs.kind, "Encrypted");
    const listed = (await serviceVariables()).find((v) => v.name === "kafka_pw");
    assert.equal(listed?.value, "******");
    const read = await variable.read(id, outs);
    assert.equal(read.props?.value, SECRET, "the masked value keeps what state has");
    assert.equal((await variable.diff(id, read.props, checked.inputs)).changes, false);
    await variable.delete(id, outs);
    assert.equal((await serviceVariables()).length, 0);
    await variable.delete(id, outs); // not found counts as done
  });

  it("updates the value in place; a kind change replaces; a deleted variable leaves the stack on refresh", async () => {
    const { id, outs } = await variable.create(inputs({ kind: "Plain", value: "v1" }));
    assert.deepEqual(await variable.diff(id, outs, inputs({ kind: "Plain", value: "v2" })), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const { outs: updated } = await variable.update(id, outs, inputs({ kind: "Plain", value: "v2" }));
    assert.equal((await serviceVariables()).find((v) => v.name === "kafka_pw")?.value, "v2");
    assert.deepEqual((await variable.diff(id, updated, inputs({ value: "v2" }))).replaces, ["kind"]);
    // Plain values read back: an edit in the console shows as drift.
    await fx.provider.services
      .client()
      .updateVariable({ workspace: fx.emulator.workspace, namespace: fx.emulator.namespace }, "kafka_pw", {
        name: "kafka_pw",
        value: "console",
        kind: "Plain",
      });
    const drifted = await variable.read(id, updated);
    assert.equal(drifted.props?.value, "console");
    await variable.delete(id, updated);
    assert.deepEqual(await variable.read(id, updated), { id: undefined });
  });

  it("refuses a name that exists already, and never prints the value", async () => {
    const { id, outs } = await variable.create(inputs());
    const err: unknown = await variable.create(inputs({ value: SECRET })).catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.match(err.message, /already exists/);
    assert.ok(!err.message.includes("kafka pw") && !err.message.includes("s3cr3t"));
    await variable.delete(id, outs);
  });

  it("check names bad inputs without printing the value", async () => {
    const result = await variable.check({}, inputs({ name: "bad name", kind: "Secret", value: 42 }));
    const text = JSON.stringify(result.failures);
    assert.match(text, /name: must contain only letters/);
    assert.match(text, /kind/);
    assert.ok(result.failures?.some((f) => f.property === "" && f.reason.startsWith("value")));
  });
});

describe("DeployedDraft preview: ${secret_values.x} references", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  const sql = (name: string) =>
    [
      `CREATE TEMPORARY TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'password' = '\${secret_values.${name}}');`,
      "CREATE TEMPORARY TABLE snk (id BIGINT) WITH ('connector' = 'blackhole');",
      "INSERT INTO snk SELECT id FROM src;",
    ].join("\n");

  it("fails naming a reference that no Variable declares and the namespace does not have", async () => {
    const result = await fx.provider.check({}, fx.inputs({ sql: sql("nope") }));
    assert.match(
      (result.failures ?? []).map((f) => f.reason).join("\n"),
      /\$\{secret_values\.nope\}.*no such variable.*`variables`/s,
    );
  });

  it("passes a reference declared by a Variable of the program", async () => {
    const result = await fx.provider.check({}, fx.inputs({ sql: sql("declared"), variables: ["declared"] }));
    assert.deepEqual(result.failures, []);
  });

  it("passes a reference to a variable the namespace has", async () => {
    await fx.provider.services
      .client()
      .createVariable(
        { workspace: fx.emulator.workspace, namespace: fx.emulator.namespace },
        { name: "existing", value: "x-value", kind: "Encrypted" },
      );
    const result = await fx.provider.check({}, fx.inputs({ sql: sql("existing") }));
    assert.deepEqual(result.failures, []);
  });
});
