/**
 * Drives the real Pulumi CLI for the demo and the e2e tests.
 *
 * A PulumiStack lives in a file backend (no Pulumi Cloud login) with its own
 * PULUMI_HOME: a temporary one by default, so tests cannot see each other's
 * state. Credentials reach the provider through the environment, as in CI.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { z } from "zod";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

// scripts/ensure-pulumi.js is plain JavaScript shared with npm scripts.
const ensureScript = require(path.join(REPO_ROOT, "scripts", "ensure-pulumi.js")) as {
  ensurePulumi(): { binDir: string; pulumi: string; version: string };
};

let cli: { binDir: string; pulumi: string; version: string } | undefined;

/** The provisioned CLI (`npm test` builds it first through `pretest`). */
export function pulumiCli(): { binDir: string; pulumi: string; version: string } {
  if (!cli) cli = ensureScript.ensurePulumi();
  return cli;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertions about everything a user sees. */
  output: string;
}

export interface StackOptions {
  /** Program directory (holds Pulumi.yaml). */
  programDir: string;
  stackName?: string;
  /** Stack config, e.g. { "alicloud-flink:workspace": "ws" }. */
  config?: Record<string, string>;
  /** Secret stack config (stored encrypted with the passphrase). */
  secretConfig?: Record<string, string>;
  /** Extra environment for every command (credentials, endpoint). */
  env?: Record<string, string>;
  /** Environment variables to remove (e.g. ambient credentials, to test stack config alone). */
  unsetEnv?: string[];
  /** Directory for the file backend and PULUMI_HOME. Default: a new temporary directory. */
  workDir?: string;
  /** Type-check the program on each run (ts-node). Default false: `npm run typecheck` covers it. */
  typecheck?: boolean;
}

export interface RunOptions {
  /** Reject when the command exits non-zero. */
  check?: boolean;
  env?: Record<string, string>;
  /** Also stream the command's output to this process's stdout/stderr. */
  echo?: boolean;
}

/** What a stack needs to reach an emulator (or any endpoint): the RunningEmulator and the CLI's ready line both fit. */
export interface EmulatorConnection {
  endpoint: string;
  workspace: string;
  namespace: string;
  accessKeyId: string;
  accessKeySecret: string;
}

/** Stack config and credentials (through the environment, as in CI) that point a program at an emulator. */
export function emulatorStackOptions(emulator: EmulatorConnection): {
  config: Record<string, string>;
  env: Record<string, string>;
} {
  return {
    config: {
      "alicloud-flink:workspace": emulator.workspace,
      "alicloud-flink:namespace": emulator.namespace,
      "alicloud-flink:endpoint": emulator.endpoint,
    },
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.accessKeySecret,
    },
  };
}

export const PASSPHRASE = "e2e-test-passphrase";

export class PulumiStack {
  readonly stackName: string;
  readonly workDir: string;
  /** The environment of every command: PATH with the provisioned CLI, the backend, PULUMI_HOME, the passphrase. */
  readonly env: NodeJS.ProcessEnv;

  private constructor(
    readonly options: StackOptions,
    workDir: string,
  ) {
    this.workDir = workDir;
    this.stackName = options.stackName ?? `e2e-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
    const { binDir } = pulumiCli();
    fs.mkdirSync(path.join(workDir, "backend"), { recursive: true });
    fs.mkdirSync(path.join(workDir, "home"), { recursive: true });
    this.env = {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(workDir, "backend")}`,
      PULUMI_HOME: path.join(workDir, "home"),
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: options.typecheck ? "false" : "true",
      NO_COLOR: "1",
      ...options.env,
    };
    for (const name of options.unsetEnv ?? []) delete this.env[name];
  }

  /** Creates a stack in a fresh backend and sets its config. */
  static async create(options: StackOptions): Promise<PulumiStack> {
    const workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-flink-e2e-"));
    const stack = new PulumiStack(options, workDir);
    await stack.run(["stack", "init"], { check: true });
    // One `config set-all` for every key: each CLI call costs a few hundred ms of CPU, and tests create dozens of stacks.
    const values = [
      ...Object.entries(options.config ?? {}).map(([key, value]) => ["--plaintext", `${key}=${value}`]),
      ...Object.entries(options.secretConfig ?? {}).map(([key, value]) => ["--secret", `${key}=${value}`]),
    ].flat();
    if (values.length > 0) await stack.run(["config", "set-all", ...values], { check: true });
    return stack;
  }

  /** Runs `pulumi <args>` in the program directory for this stack. */
  run(args: string[], opts: RunOptions = {}): Promise<CommandResult> {
    const fullArgs = [...args, "--stack", this.stackName, "--non-interactive"];
    return new Promise((resolve, reject) => {
      const child = spawn(pulumiCli().pulumi, fullArgs, {
        cwd: this.options.programDir,
        env: { ...this.env, ...opts.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (opts.echo) process.stdout.write(chunk);
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (opts.echo) process.stderr.write(chunk);
      });
      child.on("error", reject);
      child.on("close", (code, signal) => {
        const result = { code: code ?? (signal ? 128 : 1), stdout, stderr, output: `${stdout}\n${stderr}` };
        if (opts.check && result.code !== 0) {
          reject(new Error(`pulumi ${fullArgs.join(" ")} exited ${result.code}\n${result.output}`));
        } else {
          resolve(result);
        }
      });
    });
  }

  up(extra: string[] = [], opts: RunOptions = {}): Promise<CommandResult> {
    return this.run(["up", "--yes", "--skip-preview", ...extra], opts);
  }

  preview(extra: string[] = [], opts: RunOptions = {}): Promise<CommandResult> {
    return this.run(["preview", "--diff", ...extra], opts);
  }

  destroy(opts: RunOptions = {}): Promise<CommandResult> {
    return this.run(["destroy", "--yes", "--skip-preview"], opts);
  }

  refresh(opts: RunOptions = {}): Promise<CommandResult> {
    return this.run(["refresh", "--yes", "--skip-preview"], opts);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.run(["stack", "output", "--json", "--show-secrets"], { check: true });
    return z.record(z.string(), z.unknown()).parse(JSON.parse(r.stdout));
  }

  /** The raw text of `pulumi stack export` (secrets stay encrypted, as they are at rest). */
  async exportStateText(): Promise<string> {
    return (await this.run(["stack", "export"], { check: true })).stdout;
  }

  async resources(): Promise<StateResource[]> {
    const state = deploymentSchema.parse(JSON.parse(await this.exportStateText()));
    return state.deployment.resources ?? [];
  }

  /**
   * Removes the stack's backend and home, and the stack config file that
   * `pulumi config set` wrote into the program directory. Destroy first if the
   * stack still holds resources.
   */
  dispose(): void {
    fs.rmSync(this.workDir, { recursive: true, force: true });
    fs.rmSync(path.join(this.options.programDir, `Pulumi.${this.stackName}.yaml`), { force: true });
  }
}

const stateResourceSchema = z.object({
  urn: z.string(),
  type: z.string(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  initErrors: z.array(z.string()).optional(),
});
export type StateResource = z.infer<typeof stateResourceSchema>;

const deploymentSchema = z.object({
  deployment: z.object({ resources: z.array(stateResourceSchema).optional() }),
});

export const DEPLOYED_DRAFT_TYPE = "pulumi-nodejs:dynamic/alicloud-flink:DeployedDraft";
