/**
 * Taking over a job that already runs (a console job) with `adopt: true`:
 * equal content is recorded without a write, a ticket or a restart; different
 * content is described at preview before anything is written.
 */
import { strict as assert } from "node:assert";
import { SQL, startProviderFixture, type ProviderFixture } from "./provider-fixtures";

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

describe("provider adoption of a running job", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  /** A draft deployed and running, made by someone else (here: another owner). */
  async function consoleJob(): Promise<{ inputs: Record<string, unknown>; jobId: unknown }> {
    const inputs = fx.inputs();
    const { outs } = await fx.provider.create({ ...inputs, __owner: "someone/else/console" });
    return { inputs, jobId: outs.jobId };
  }

  it("equal SQL and settings: same job, no write request, no ticket, no restart", async () => {
    const { inputs, jobId } = await consoleJob();
    const mark = fx.emulator.requestLog().length;
    const { id, outs } = await fx.provider.create({ ...inputs, adopt: true });
    const requests = fx.emulator.requestLog().slice(mark);
    const writes = requests.filter((r) => WRITES.has(r.method) && r.action !== "ValidateSqlStatement");
    assert.deepEqual(
      writes,
      [],
      `write requests:\n${requests.map((r) => `${r.method} ${r.path}`).join("\n")}`,
    );
    assert.equal(outs.jobId, jobId, "the running job is the same");
    assert.equal(outs.jobStatus, "RUNNING");
    assert.ok(outs.deploymentId && outs.sqlHash);
    if (process.env.SHOW_ADOPTION)
      console.log(requests.map((r) => `${r.method} ${r.path} ${r.action ?? ""}`).join("\n"));
    // And the stack is at rest afterwards: the next diff is no change.
    assert.equal((await fx.provider.diff(id, outs, { ...inputs, adopt: true })).changes, false);
    await fx.provider.delete(id, outs);
  });

  it("different SQL: preview says what taking over will change, before anything is written", async () => {
    const { inputs } = await consoleJob();
    const changed = SQL.replace("SELECT id, msg FROM src", "SELECT id, UPPER(msg) FROM src");
    fx.logs.length = 0;
    const mark = fx.emulator.requestLog().length;
    const checked = await fx.provider.check({}, { ...inputs, sql: changed, adopt: true });
    assert.deepEqual(checked.failures, []);
    assert.match(fx.logs.join("\n"), /adopt: taking over draft .* will change it:\s+sql statement 3 changed/);
    const writes = fx.emulator
      .requestLog()
      .slice(mark)
      .filter((r) => WRITES.has(r.method) && r.action !== "ValidateSqlStatement");
    assert.deepEqual(writes, [], "preview writes nothing");
  });
});
