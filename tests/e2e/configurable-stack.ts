/**
 * A stack of tests/e2e/programs/configurable (one DeployedDraft described by
 * stack config) wired to an emulator: each e2e scenario changes one input with
 * `setArgs` and runs the real CLI.
 */
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { emulatorStackOptions, PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-stack";

export const CONFIGURABLE_PROGRAM = path.join(REPO_ROOT, "tests", "e2e", "programs", "configurable");

export const ENGINE = "vvr-8.0.11-flink-1.17";

export const BASE_SQL = `CREATE TEMPORARY TABLE src (id BIGINT, name STRING) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE snk (id BIGINT, name STRING) WITH ('connector' = 'blackhole');
INSERT INTO snk SELECT id, name FROM src;`;

/**
 * The health gate waits in real time under the CLI (default 5 s after every job start). Files whose
 * subject is not the gate pass this; the gate itself is tested in process on the manual clock
 * (tests/unit/provider-job-state.test.ts) and through the CLI in job-state.test.ts.
 */
export const QUICK_HEALTH_GATE = { healthySeconds: 0.3 } as const;

/**
 * The review's plan method starts Flink's planner (a JVM) in the provider process of every CLI command
 * that reviews a SQL change. Files that do not look at the review's method leave it off: the method is
 * tested in review.test.ts and tests/sidecar/plan-verdicts.test.ts, the rules alone in tests/unit.
 */
export const WITHOUT_PLANNER = { ALICLOUD_FLINK_PLANNER: "off" } as const;

export interface ConfigurableStackOptions {
  /** Let the provider start Flink's planner for the review (default off: see WITHOUT_PLANNER). */
  planner?: boolean;
}

export class ConfigurableStack {
  private constructor(
    readonly stack: PulumiStack,
    readonly emulator: RunningEmulator,
  ) {}

  static async create(
    emulator: RunningEmulator,
    args: Record<string, unknown>,
    options: ConfigurableStackOptions = {},
  ): Promise<ConfigurableStack> {
    const connection = emulatorStackOptions(emulator);
    const stack = await PulumiStack.create({
      programDir: CONFIGURABLE_PROGRAM,
      config: { ...connection.config, "test:args": JSON.stringify(args) },
      env: options.planner ? connection.env : { ...connection.env, ...WITHOUT_PLANNER },
    });
    return new ConfigurableStack(stack, emulator);
  }

  async setArgs(args: Record<string, unknown>): Promise<void> {
    await this.stack.run(["config", "set", "test:args", JSON.stringify(args)], { check: true });
  }

  /** Requests the emulator received while `action` ran that could change something (ValidateSqlStatement cannot). */
  async writesDuring(action: () => Promise<unknown>): Promise<string[]> {
    const before = this.emulator.requestLog().length;
    await action();
    return this.emulator
      .requestLog()
      .slice(before)
      .filter(
        (r) => r.method !== "GET" && r.action !== "ValidateSqlStatement" && !r.path.startsWith("/__admin"),
      )
      .map((r) => `${r.method} ${r.path}`);
  }

  async dispose(): Promise<void> {
    await this.stack.destroy();
    this.stack.dispose();
  }
}
