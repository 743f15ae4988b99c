/**
 * The main job (`npm run demo`): the quickstart program, `pulumi up` with the
 * real CLI against the local emulator, no cloud account and no Pulumi Cloud login.
 *
 * 1. starts the emulator CLI on a free port;
 * 2. creates the stack "demo" in a file backend under .pulumi-state/ (new each run:
 *    the emulator's drafts live only as long as the emulator);
 * 3. `pulumi up --yes` on the root Pulumi.yaml (examples/quickstart);
 * 4. prints the stack outputs and what the emulator now holds;
 * 5. stops the emulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulatorProcess, type EmulatorProcess } from "./lib/emulator-process";
import { PulumiStack, REPO_ROOT, pulumiCli } from "./lib/pulumi-stack";

const STATE_DIR = path.join(REPO_ROOT, ".pulumi-state");

function heading(text: string): void {
  process.stdout.write(`\n=== ${text}\n`);
}

async function printEmulatorState(emulator: EmulatorProcess): Promise<void> {
  const response = await fetch(`${emulator.baseUrl}/__admin/state`);
  if (!response.ok) throw new Error(`GET /__admin/state answered ${response.status}`);
  const state: unknown = await response.json();
  process.stdout.write(`${JSON.stringify(summarize(state), null, 2)}\n`);
}

/** Keeps what a reader of the demo cares about: drafts and deployments, without SQL bodies. */
function summarize(state: unknown): unknown {
  return JSON.parse(
    JSON.stringify(state, (key, value: unknown) =>
      key === "sqlScript" && typeof value === "string" ? `<${value.length} characters of SQL>` : value,
    ),
  );
}

async function main(): Promise<void> {
  const cli = pulumiCli();
  heading(`Pulumi CLI ${cli.version} (${cli.pulumi})`);

  const emulator = await startEmulatorProcess(["--ticket-ms", "500"]);
  try {
    heading(`Emulator of the ververica API listening on ${emulator.endpoint}`);

    fs.rmSync(STATE_DIR, { recursive: true, force: true });
    fs.mkdirSync(STATE_DIR, { recursive: true });
    const stack = await PulumiStack.create({
      programDir: REPO_ROOT,
      stackName: "demo",
      workDir: STATE_DIR,
      typecheck: true,
      config: {
        "alicloud-flink:workspace": emulator.workspace,
        "alicloud-flink:namespace": emulator.namespace,
        "alicloud-flink:endpoint": emulator.endpoint,
      },
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
      },
    });

    heading("pulumi up --yes");
    await stack.up([], { echo: true, check: true });

    heading("Stack outputs");
    process.stdout.write(`${JSON.stringify(await stack.outputs(), null, 2)}\n`);

    heading("What the emulator holds now");
    await printEmulatorState(emulator);

    heading(`Done. State: ${STATE_DIR} (file backend, stack "demo").`);
  } finally {
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
