/**
 * Migration through the real CLI (issue "Day two"): a job that already runs,
 * made outside this stack (here by another stack, standing in for the
 * console), is taken over with `adopt: true`. With equal SQL: the same job ID
 * and no write request (the emulator's request log). With different SQL:
 * preview says what taking over will change, before anything is written.
 */
import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { DEPLOYED_DRAFT_TYPE } from "../../scripts/lib/pulumi-stack";
import { startEmulator } from "../contract/emulator-support";
import { BASE_SQL, ConfigurableStack, ENGINE } from "./configurable-stack";

const NAME = `console-job-${Date.now().toString(36)}`;
const ARGS = { name: NAME, sql: BASE_SQL, engineVersion: ENGINE, healthySeconds: 0.3 };

describe("e2e: taking over a running job with adopt: true", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let consoleStack: ConfigurableStack;
  let adopter: ConfigurableStack;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    consoleStack = await ConfigurableStack.create(emulator, ARGS);
    const up = await consoleStack.stack.up();
    assert.equal(up.code, 0, up.output);
  });

  after(async () => {
    if (adopter) await adopter.dispose();
    if (consoleStack) consoleStack.stack.dispose();
    if (emulator) await emulator.close();
  });

  async function jobIdOf(stack: ConfigurableStack): Promise<unknown> {
    const resource = (await stack.stack.resources()).find((r) => r.type === DEPLOYED_DRAFT_TYPE);
    return resource?.outputs?.jobId;
  }

  it("different SQL: preview says what taking over will change, and writes nothing", async () => {
    const changed = BASE_SQL.replace("SELECT id, name FROM src", "SELECT id, UPPER(name) FROM src");
    adopter = await ConfigurableStack.create(emulator, { ...ARGS, sql: changed, adopt: true });
    const writes = await adopter.writesDuring(async () => {
      const preview = await adopter.stack.preview();
      assert.equal(preview.code, 0, preview.output);
      assert.match(preview.output, /adopt: taking over draft .* will change it:/);
      assert.match(preview.output, /sql statement 3 changed/);
    });
    assert.deepEqual(writes, []);
  });

  it("equal SQL: the same job keeps running, and no write request is made", async () => {
    const runningJob = await jobIdOf(consoleStack);
    await adopter.setArgs({ ...ARGS, adopt: true });
    const preview = await adopter.stack.preview();
    assert.match(preview.output, /already has the program's content and is deployed/);
    const mark = emulator.requestLog().length;
    const up = await adopter.stack.up();
    assert.equal(up.code, 0, up.output);
    const requests = emulator.requestLog().slice(mark);
    const writes = requests.filter(
      (r) => ["POST", "PUT", "PATCH", "DELETE"].includes(r.method) && r.action !== "ValidateSqlStatement",
    );
    assert.deepEqual(writes, [], requests.map((r) => `${r.method} ${r.path}`).join("\n"));
    assert.equal(await jobIdOf(adopter), runningJob, "the job ID is unchanged");
    if (process.env.E2E_SHOW_REQUESTS)
      console.log(requests.map((r) => `${r.method} ${r.path} ${r.action ?? ""}`).join("\n"));
  });
});
