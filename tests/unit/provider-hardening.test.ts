/**
 * Inputs that used to pass preview and break during `up` (issue "Hardening"),
 * each now refused at preview with the property and the fix, in process
 * against the emulator (read-only lookups where credentials allow).
 */
import { strict as assert } from "node:assert";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createProvider } from "../../provider/provider";
import { describeServiceFailure } from "../../provider/service-problems";
import { Secrets } from "../../provider/secrets";
import { startProviderFixture, type ProviderFixture } from "./provider-fixtures";

function reasons(result: dynamic.CheckResult): string {
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
}

describe("provider hardening: refused at preview, not during up", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  it("timeouts shorter than 1s", async () => {
    const result = await fx.provider.check({}, fx.inputs({ timeouts: { create: "0s" } }));
    assert.match(reasons(result), /timeouts\.create: .*must be at least 1s/);
  });

  it("a restoreStrategy.savepointId that does not exist", async () => {
    const result = await fx.provider.check(
      {},
      fx.inputs({ restoreStrategy: { kind: "FROM_SAVEPOINT", savepointId: "sp-nope" } }),
    );
    assert.match(reasons(result), /restoreStrategy\.savepointId: savepoint sp-nope does not exist/);
  });

  it("a name taken by someone else's draft: adopt: true or another name", async () => {
    const taken = fx.inputs();
    const { id, outs } = await fx.provider.create({ ...taken, __owner: "other-project/prod/job" });
    const result = await fx.provider.check({}, fx.inputs({ name: taken.name }));
    assert.match(
      reasons(result),
      /name: .*already exists.*Set adopt: true to take it over, or choose another name/,
    );
    await fx.provider.delete(id, outs);
  });

  it("a name used by another resource of the same stack: never suggests adopt", async () => {
    const taken = fx.inputs();
    const { id, outs } = await fx.provider.create({ ...taken, __owner: "proj/dev/first" });
    const result = await fx.provider.check({}, fx.inputs({ name: taken.name, __owner: "proj/dev/second" }));
    const text = reasons(result);
    assert.match(text, /another resource of this stack: give each DeployedDraft its own name/);
    assert.doesNotMatch(text, /Set adopt: true/);
    await fx.provider.delete(id, outs);
  });

  it("two resources of one program with the same explicit name", async () => {
    const first = fx.inputs({ name: "shared-name", __owner: "proj/dev/a", __resourceName: "a" });
    const second = fx.inputs({ name: "shared-name", __owner: "proj/dev/b", __resourceName: "b" });
    assert.deepEqual((await fx.provider.check({}, first)).failures, []);
    assert.match(
      reasons(await fx.provider.check({}, second)),
      /name: a in this program already uses the name "shared-name"/,
    );
  });

  it("an autoname too long names the resource name as the cause and an explicit name as the fix", async () => {
    const { name: _explicit, ...inputs } = fx.inputs({ __resourceName: "r".repeat(130) });
    const result = await fx.provider.check({}, inputs);
    assert.match(
      reasons(result),
      /generated from the resource name "r+" must be at most 128 characters.*explicit `name`/,
    );
  });

  it("half an AccessKey pair fails preview instead of skipping the server checks", async () => {
    const provider = createProvider({
      sink: () => undefined,
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "only-id", ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" },
    });
    const { name: _n, ...inputs } = fx.inputs({ validation: { preview: "server" } });
    const result = await provider.check({}, inputs);
    assert.match(
      reasons(result),
      /credentials: ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not/,
    );
  });

  it("an AccessKey the service refuses fails preview", async () => {
    const provider = createProvider({
      sink: () => undefined,
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI-unknown-key",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: "wrong",
        ALIBABA_CLOUD_ENDPOINT_VERVERICA: fx.emulator.endpoint,
      },
    });
    const result = await provider.check({}, fx.inputs());
    assert.match(reasons(result), /credentials: the service refused the AccessKey \(InvalidAccessKeyId/);
  });

  it("a service error on a 600 KB single-line script is quoted in a window, not whole", () => {
    const line = `INSERT INTO t SELECT ${"1 + ".repeat(150_000)}1;`;
    const message = describeServiceFailure(
      "Validation",
      "x".repeat(50_000),
      { lineNumber: "1", columnNumber: "300000", message: "boom" },
      line,
      Secrets.none(),
    );
    assert.ok(message.length < 4_000, `${message.length} characters`);
  });

  it("a pathological 40 KB statement does not stall preview: the local grammar check is skipped, with a note", async () => {
    const sql = `CREATE TEMPORARY TABLE t (v INT) WITH ('connector' = 'blackhole');\nINSERT INTO t SELECT ${"1 + ".repeat(10_000)}1;`;
    fx.logs.length = 0;
    const result = await fx.provider.check({}, fx.inputs({ sql, validation: { preview: "local" } }));
    assert.deepEqual(result.failures, []);
    assert.match(fx.logs.join("\n"), /local Flink grammar check skipped: a statement has \d+ characters/);
  });
});
