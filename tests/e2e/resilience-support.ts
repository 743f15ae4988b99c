/**
 * Shared machinery of the resilience suites (tests/resilience/*.test.ts and the e2e bad-input test):
 * a fleet stack (tests/e2e/programs/fleet), the emulator's admin API, a
 * `pulumi` child that can be SIGKILLed with its process group, and the census
 * that proves the emulator holds exactly the desired drafts and deployments.
 */
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { RunningEmulator } from "../../emulator";
import {
  DEPLOYED_DRAFT_TYPE,
  emulatorStackOptions,
  PulumiStack,
  pulumiCli,
  REPO_ROOT,
  type CommandResult,
} from "../../scripts/lib/pulumi-stack";

export const FLEET_PROGRAM = path.join(REPO_ROOT, "tests", "e2e", "programs", "fleet");
export const OWNER_LABEL = "pulumi-alicloud-flink/owner";

/** Calls the emulator's admin API (unsigned, loopback only) and returns the JSON answer. */
export async function admin(
  emulator: RunningEmulator,
  method: "GET" | "POST",
  route: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`http://${emulator.endpoint}/__admin/${route}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `admin ${method} ${route}: ${text}`);
  return JSON.parse(text) as unknown;
}

export interface FleetSpec {
  count: number;
  revision?: number;
  /** Merged into every draft's arguments. */
  args?: Record<string, unknown>;
  stackName?: string;
  /** Explicit names `<prefix>-<i>` instead of autonaming. */
  namePrefix?: string;
}

/** A stack of the fleet program: `count` DeployedDrafts draft-0 … draft-N-1. */
export async function createFleetStack(emulator: RunningEmulator, spec: FleetSpec): Promise<PulumiStack> {
  const base = emulatorStackOptions(emulator);
  const config: Record<string, string> = {
    ...base.config,
    "test:count": String(spec.count),
    "test:revision": String(spec.revision ?? 0),
  };
  if (spec.args) config["test:args"] = JSON.stringify(spec.args);
  if (spec.namePrefix) config["test:namePrefix"] = spec.namePrefix;
  return PulumiStack.create({ programDir: FLEET_PROGRAM, stackName: spec.stackName, config, env: base.env });
}

export async function setConfig(stack: PulumiStack, key: string, value: string): Promise<void> {
  await stack.run(["config", "set", key, value], { check: true });
}

export interface KillableRun {
  child: ChildProcess;
  /** Settles when the command exits, however it exits. */
  done: Promise<CommandResult>;
  /**
   * SIGKILLs the CLI and every process it started. The CLI starts the language
   * host and the dynamic-provider process in process groups of their own, so
   * killing the CLI's group alone would leave the provider running; the whole
   * tree is collected first (from /proc), as a power cut would take it.
   */
  killTree(): number;
}

/** The PIDs below `root` (children, grandchildren, …), read from /proc. */
export function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Field 4 (ppid) follows the command name, which is in parentheses and may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [...parents].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** Starts `pulumi <args>` in a new process group, ready to be killed with everything it started. */
export function spawnKillable(stack: PulumiStack, args: string[]): KillableRun {
  const child = spawn(pulumiCli().pulumi, [...args, "--stack", stack.stackName, "--non-interactive"], {
    cwd: stack.options.programDir,
    env: stack.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CommandResult>((resolve) => {
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal ? 137 : 1), stdout, stderr, output: `${stdout}\n${stderr}` }),
    );
  });
  return {
    child,
    done,
    killTree() {
      if (child.pid === undefined) return 0;
      const pids = [child.pid, ...descendantsOf(child.pid)];
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      return pids.length;
    },
  };
}

/** Polls `probe` until it returns true; fails after `timeoutMs`, naming `what`. */
export async function waitUntil(what: string, timeoutMs: number, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The DeployedDrafts a stack's state holds: draft ID and name. */
export async function stateDrafts(
  stack: PulumiStack,
): Promise<{ id: string; name: string; draftId: string }[]> {
  const resources = await stack.resources();
  return resources
    .filter((r) => r.type === DEPLOYED_DRAFT_TYPE)
    .map((r) => ({
      id: r.id ?? "",
      name: z.string().parse(r.outputs?.name),
      draftId: z.string().parse(r.outputs?.deploymentDraftId),
    }));
}

/** What a census found; every list must be empty for the emulator to hold exactly what is wanted. */
export interface Census {
  drafts: number;
  deployments: number;
  duplicateNames: string[];
  /** Drafts nobody wants, deployments without a draft, drafts without their deployment. */
  orphans: string[];
  missing: string[];
}

/**
 * Compares the emulator with the desired set of draft names (each deployed
 * exactly once) and, when given, the stack's state: no duplicate, no orphan,
 * nothing missing, and state IDs that point at the drafts that exist.
 */
export function census(
  emulator: RunningEmulator,
  desiredNames: readonly string[],
  state?: readonly { name: string; draftId: string }[],
): Census {
  const snapshot = emulator.snapshot();
  const drafts = Object.values(snapshot.drafts);
  const deployments = Object.values(snapshot.deployments);
  const counts = new Map<string, number>();
  for (const d of drafts) counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
  const duplicateNames = [...counts].filter(([, n]) => n > 1).map(([name]) => name);
  const desired = new Set(desiredNames);
  const orphans: string[] = [];
  const missing: string[] = [];
  for (const d of drafts) {
    if (!desired.has(d.name)) orphans.push(`draft ${d.name} (${d.deploymentDraftId}) is not wanted`);
    else if (!d.referencedDeploymentId || !snapshot.deployments[d.referencedDeploymentId]) {
      missing.push(`draft ${d.name} has no deployment`);
    }
  }
  for (const dep of deployments) {
    const draft = dep.referencedDeploymentDraftId
      ? snapshot.drafts[dep.referencedDeploymentDraftId]
      : undefined;
    if (!draft) orphans.push(`deployment ${dep.name} (${dep.deploymentId}) has no draft`);
    else if (draft.referencedDeploymentId !== dep.deploymentId) {
      orphans.push(`deployment ${dep.name} (${dep.deploymentId}) is not the one its draft references`);
    }
  }
  for (const name of desired) if (!counts.has(name)) missing.push(`no draft named ${name}`);
  for (const entry of state ?? []) {
    const draft = snapshot.drafts[entry.draftId];
    if (!draft) missing.push(`state points at draft ${entry.draftId} (${entry.name}), which does not exist`);
    else if (draft.name !== entry.name)
      missing.push(`state's ${entry.draftId} is named ${draft.name}, not ${entry.name}`);
  }
  if (state && state.length !== desired.size) {
    missing.push(`state holds ${state.length} drafts, ${desired.size} wanted`);
  }
  return { drafts: drafts.length, deployments: deployments.length, duplicateNames, orphans, missing };
}

/** Asserts the census is clean, printing everything it found otherwise. */
export function assertExact(found: Census, expected: number): void {
  const problems = [
    ...found.duplicateNames.map((n) => `duplicate name ${n}`),
    ...found.orphans,
    ...found.missing,
  ];
  assert.deepEqual(
    problems,
    [],
    `the emulator does not hold exactly the desired drafts:\n${problems.join("\n")}`,
  );
  assert.equal(found.drafts, expected, "drafts in the emulator");
  assert.equal(found.deployments, expected, "deployments in the emulator");
}

/** Names of the drafts a stack's program wants: read from its `names` output. */
export async function outputNames(stack: PulumiStack): Promise<string[]> {
  const outputs = await stack.outputs();
  return z.array(z.string()).parse(outputs.names);
}

/** A suite's figures, printed in one line for the closing note. */
export function printFigures(suite: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  process.stdout.write(`      [figures] ${suite}: ${text}\n`);
}
