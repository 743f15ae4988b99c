/**
 * examples/secret-variable through the real CLI (issue "Day two"): an
 * Encrypted Variable used by a job as ${secret_values.x}; the secret appears
 * in no state, CLI output, file Pulumi writes or emulator response; a missing
 * ${secret_values.x} fails preview naming it; a job that fails at start
 * reports the service's diagnosis and the start log's tail in the `up` error.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { emulatorStackOptions, PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-stack";
import { startEmulator } from "../contract/emulator-support";
import { BASE_SQL, ConfigurableStack, ENGINE } from "./configurable-stack";
import { admin } from "./resilience-support";

const SECRET = "Zq7v Wx8k 3f9a1cQ";

describe("e2e: a secret in a namespace Variable (examples/secret-variable)", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack;
  const outputs: string[] = [];

  /** What was searched, for the closing line: a grep of every output and file, in numbers. */
  const searched = { texts: 0, bytes: 0, matches: 0 };

  after(() => {
    console.log(
      `      searched ${searched.texts} CLI outputs, state exports, files and emulator answers (${searched.bytes} bytes) ` +
        `for the secret and each of its words: ${searched.matches} matches`,
    );
  });

  function assertNoSecret(text: string, where: string): void {
    searched.texts++;
    searched.bytes += text.length;
    for (const part of [SECRET, ...SECRET.split(" ").filter((p) => p.length >= 3)]) {
      searched.matches += text.split(part).length - 1;
      assert.ok(!text.includes(part), `"${part}" appears in ${where}`);
    }
  }

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    stack = await PulumiStack.create({
      programDir: path.join(REPO_ROOT, "examples", "secret-variable"),
      ...emulatorStackOptions(emulator),
      secretConfig: { kafkaPassword: SECRET },
    });
  });

  after(async () => {
    if (stack) stack.dispose();
    if (emulator) await emulator.close();
  });

  it("up creates the Encrypted variable first, then the job that uses it", async () => {
    const up = await stack.up();
    outputs.push(up.output);
    assert.equal(up.code, 0, up.output);
    const out = await stack.outputs();
    assert.equal(out.jobStatus, "RUNNING");
    assert.match(JSON.stringify(emulator.snapshot()), /kafka_password/, "the namespace has the variable");
  });

  it("the secret appears in no state, output, file or emulator response", async () => {
    const preview = await stack.preview(["--expect-no-changes"]);
    outputs.push(preview.output);
    assert.equal(preview.code, 0, preview.output);
    for (const text of outputs) assertNoSecret(text, "the CLI output");
    assertNoSecret(await stack.exportStateText(), "the state");
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(stack.workDir).filter((f) => !f.includes(`${path.sep}plugins${path.sep}`))) {
      assertNoSecret(fs.readFileSync(file, "latin1"), file);
    }
    assertNoSecret(JSON.stringify(emulator.requestLog()), "the emulator's request log");
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assertNoSecret(destroy.output, "the output of destroy");
  });
});

describe("e2e: day-two failures are explained (missing namespace variable, job failing at start)", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: ConfigurableStack;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50 });
    stack = await ConfigurableStack.create(emulator, { sql: BASE_SQL, engineVersion: ENGINE });
  });

  after(async () => {
    if (stack) await stack.dispose();
    if (emulator) await emulator.close();
  });

  it("a ${secret_values.x} that nothing provides fails the preview, naming it", async () => {
    const sql = BASE_SQL.replace("'datagen'", "'datagen', 'password' = '${secret_values.nope}'");
    await stack.setArgs({ sql, engineVersion: ENGINE });
    const preview = await stack.stack.preview();
    assert.notEqual(preview.code, 0, preview.output);
    assert.match(preview.output, /\$\{secret_values\.nope\}.*no such variable/);
  });

  it("a job that fails at start: the up error carries the diagnosis and the start log's tail", async () => {
    const name = `diagnosed-${Date.now().toString(36)}`;
    await stack.setArgs({ name, sql: BASE_SQL, engineVersion: ENGINE, healthySeconds: 0.3 });
    await admin(emulator, "POST", "fail-job", {
      deploymentName: name,
      nextStart: true,
      reason: "KubernetesDeploymentNotProgressing",
      message: "TaskManager pods are pending: insufficient CPU",
    });
    const up = await stack.stack.up();
    assert.notEqual(up.code, 0, up.output);
    assert.match(up.output, /FAILED: KubernetesDeploymentNotProgressing/);
    assert.match(up.output, /diagnosis: health score/);
    assert.match(up.output, /JobManager start log/);
    if (process.env.E2E_SHOW_DIAGNOSIS) console.log(up.output);
  });
});
