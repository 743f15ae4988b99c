/**
 * Secrets never appear in plaintext: not in state, not in anything the CLI
 * prints (which includes the provider's own log lines), through up, update and
 * destroy. Credentials come from secret stack config here (the `configure` path),
 * with every ambient credential variable removed: an AccessKey with an STS
 * security token (`alicloud:securityToken`), as a RAM role session has.
 *
 * The emulator does not verify security tokens (it has no STS): the client
 * sends the token in the signed `x-acs-security-token` header and the
 * emulator accepts it without checking it. What this suite proves is that
 * the token never leaks, not that the service would accept it.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { PulumiStack } from "../../scripts/lib/pulumi-stack";
import { BASE_SQL, CONFIGURABLE_PROGRAM, ENGINE, QUICK_HEALTH_GATE } from "./configurable-stack";

const ACCESS_KEY_SECRET = "e2eSecretKey-7f3a9c1d2b4e6f80";
const SECRET_VARIABLE = "kafka-password-e2e-5d1c8a";
const SECURITY_TOKEN = "CAIS-e2e-sts-token-9b7e41f0c2d84a6b";

const SQL_WITH_SECRET = `${BASE_SQL}
CREATE TEMPORARY TABLE secured (id BIGINT) WITH ('connector' = 'blackhole', 'password' = '\${secretVariable}');`;

describe("e2e: secrets stay secret", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack;

  /** What was searched, for the closing line: a grep of every output and file, in numbers. */
  const searched = { texts: 0, bytes: 0, matches: 0 };

  after(() => {
    console.log(
      `      searched ${searched.texts} CLI outputs, state exports, files and logs (${searched.bytes} bytes) ` +
        `for the AccessKey secret, the secret variable and the STS token: ${searched.matches} matches`,
    );
  });

  function assertNoSecrets(text: string, where: string): void {
    searched.texts++;
    searched.bytes += text.length;
    for (const secret of [ACCESS_KEY_SECRET, SECRET_VARIABLE, SECURITY_TOKEN])
      searched.matches += text.split(secret).length - 1;
    assert.ok(!text.includes(ACCESS_KEY_SECRET), `the AccessKey secret appears in ${where}`);
    assert.ok(!text.includes(SECRET_VARIABLE), `the secret local variable appears in ${where}`);
    assert.ok(!text.includes(SECURITY_TOKEN), `the security token appears in ${where}`);
  }

  before(async () => {
    emulator = await startEmulator({ ticketMs: 50, accessKeySecret: ACCESS_KEY_SECRET });
    stack = await PulumiStack.create({
      programDir: CONFIGURABLE_PROGRAM,
      config: {
        "alicloud-flink:workspace": emulator.workspace,
        "alicloud-flink:namespace": emulator.namespace,
        "alicloud-flink:endpoint": emulator.endpoint,
        "alicloud:accessKey": emulator.accessKeyId,
        "test:args": JSON.stringify({ ...QUICK_HEALTH_GATE, sql: SQL_WITH_SECRET, engineVersion: ENGINE }),
      },
      secretConfig: {
        "alicloud:secretKey": ACCESS_KEY_SECRET,
        "alicloud:securityToken": SECURITY_TOKEN,
        "test:secretVariable": SECRET_VARIABLE,
      },
      // Every ambient credential goes; so does ALICLOUD_FLINK_PLANNER: the planner reviews the SQL change
      // here, one more place a secret could leak from.
      unsetEnv: Object.keys(process.env).filter(
        (k) => k.startsWith("ALIBABA_CLOUD_") || k.startsWith("ALICLOUD_"),
      ),
    });
  });

  after(async () => {
    if (stack) stack.dispose();
    if (emulator) await emulator.close();
  });

  it("up with credentials from secret stack config", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const [draft] = Object.values(emulator.snapshot().drafts);
    assert.deepEqual(
      draft.localVariables?.find((v) => v.name === "secretVariable")?.value,
      SECRET_VARIABLE,
      "the service receives the secret value",
    );
    assertNoSecrets(up.output, "the output of up");
    assertNoSecrets(await stack.exportStateText(), "the state after up");
  });

  it("update (SQL change) keeps them out", async () => {
    await stack.run(
      [
        "config",
        "set",
        "test:args",
        JSON.stringify({
          ...QUICK_HEALTH_GATE,
          sql: SQL_WITH_SECRET.replace("id BIGINT)", "id BIGINT, note STRING)"),
          engineVersion: ENGINE,
        }),
      ],
      { check: true },
    );
    const preview = await stack.preview();
    assertNoSecrets(preview.output, "the output of preview --diff");
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assertNoSecrets(up.output, "the output of the update");
    assertNoSecrets(await stack.exportStateText(), "the state after the update");
  });

  it("destroy keeps them out", async () => {
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.output);
    assertNoSecrets(destroy.output, "the output of destroy");
    assertNoSecrets(await stack.exportStateText(), "the state after destroy");
  });

  it("no file Pulumi wrote (backend history, backups, logs) holds them", () => {
    // The harness gives each stack its own file backend and PULUMI_HOME under workDir.
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = walk(stack.workDir).filter((f) => !f.includes(`${path.sep}plugins${path.sep}`));
    assert.ok(files.length > 0);
    for (const file of files) assertNoSecrets(fs.readFileSync(file, "latin1"), file);
  });

  it("the emulator's request log holds none of them", () => {
    const log = JSON.stringify(emulator.requestLog());
    assert.ok(log.includes("CreateDeploymentDraft"), "the log recorded the run");
    assertNoSecrets(log, "the emulator's request log");
  });
});
