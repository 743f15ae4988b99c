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
import { z } from "zod";
import { startEmulatorProcess, type EmulatorProcess } from "./lib/emulator-process";
import { emulatorStackOptions, PulumiStack, REPO_ROOT, pulumiCli } from "./lib/pulumi-stack";

const STATE_DIR = path.join(REPO_ROOT, ".pulumi-state");

function heading(text: string): void {
  process.stdout.write(`\n=== ${text}\n`);
}

const emulatorStateSchema = z.object({
  drafts: z.record(
    z.string(),
    z.object({
      deploymentDraftId: z.string(),
      name: z.string(),
      engineVersion: z.string().optional(),
      referencedDeploymentId: z.string().optional(),
      labels: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  deployments: z.record(
    z.string(),
    z.object({
      deploymentId: z.string(),
      name: z.string(),
      engineVersion: z.string().optional(),
      referencedDeploymentDraftId: z.string().optional(),
    }),
  ),
  tickets: z.record(z.string(), z.object({ kind: z.string() })),
  locks: z.record(z.string(), z.object({ holderName: z.string() })),
});

/** What a reader of the demo cares about: the draft, its lock, the deployment, the tickets run. */
async function printEmulatorState(emulator: EmulatorProcess): Promise<void> {
  const response = await fetch(`${emulator.baseUrl}/__admin/state`);
  if (!response.ok) throw new Error(`GET /__admin/state answered ${response.status}`);
  const state = emulatorStateSchema.parse(await response.json());
  const drafts = Object.values(state.drafts).map((d) => ({
    name: d.name,
    deploymentDraftId: d.deploymentDraftId,
    engineVersion: d.engineVersion,
    lockHolder: state.locks[d.deploymentDraftId]?.holderName ?? "(unlocked)",
    referencedDeploymentId: d.referencedDeploymentId,
    owner: d.labels?.["pulumi-alicloud-flink/owner"],
  }));
  const deployments = Object.values(state.deployments).map((d) => ({
    name: d.name,
    deploymentId: d.deploymentId,
    engineVersion: d.engineVersion,
    referencedDeploymentDraftId: d.referencedDeploymentDraftId,
  }));
  const tickets: Record<string, number> = {};
  for (const t of Object.values(state.tickets)) tickets[t.kind] = (tickets[t.kind] ?? 0) + 1;
  process.stdout.write(`${JSON.stringify({ drafts, deployments, tickets }, null, 2)}\n`);
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
      ...emulatorStackOptions(emulator),
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
