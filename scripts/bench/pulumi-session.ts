/**
 * The emulator, a counting proxy in front of it, and Pulumi stacks of
 * bench/programs/fleet wired to them through the environment (endpoint and
 * AccessKey as a user's CI would set them; the program's own settings as
 * BENCH_* variables, which spares a `pulumi config set` per setting).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { PulumiStack, REPO_ROOT } from "../lib/pulumi-stack";
import { startCountingProxy, type CountingProxy } from "./counting-proxy";
import { emulator } from "./dist-modules";
import { resetEmulator, setDurations, setRateLimit, type TicketDurations } from "./emulator-admin";

export const FLEET_PROGRAM = path.join(REPO_ROOT, "bench", "programs", "fleet");
/** N dynamic resources whose provider does nothing: the engine's floor. */
export const TRIVIAL_PROGRAM = path.join(REPO_ROOT, "bench", "programs", "trivial");

export interface FleetSettings {
  count: number;
  /** Every draft runs this script instead of a small job of its own. */
  sqlFile?: string;
}

export interface PulumiSession {
  emu: RunningEmulator;
  proxy: CountingProxy;
  /** Empties the emulator and applies ticket durations and the rate limit. */
  resetService(durations: TicketDurations, requestsPerSecond: number | null): Promise<void>;
  setRateLimit(requestsPerSecond: number | null): Promise<void>;
  /** A new stack (own file backend) of the fleet program; its settings travel in BENCH_* variables. */
  fleetStack(name: string, settings: FleetSettings): Promise<PulumiStack>;
  /** A new stack of the trivial program with `count` resources. */
  trivialStack(name: string, count: number): Promise<PulumiStack>;
  close(): Promise<void>;
}

export async function startPulumiSession(): Promise<PulumiSession> {
  // A queue large enough for the largest fleet: the benchmark is about pacing, not quotas.
  const emu = await emulator().startEmulator({
    ticketMs: 50,
    deploymentTargetQuota: { cpu: 100_000, memory: "400000 GiB" },
  });
  const proxy = await startCountingProxy(emu.endpoint);
  const stacks: PulumiStack[] = [];
  return {
    emu,
    proxy,
    resetService: async (durations, requestsPerSecond) => {
      await resetEmulator(emu.endpoint);
      await setDurations(emu.endpoint, durations);
      await setRateLimit(emu.endpoint, requestsPerSecond);
      proxy.resetCounts();
    },
    setRateLimit: (requestsPerSecond) => setRateLimit(emu.endpoint, requestsPerSecond),
    fleetStack: async (name, settings) => {
      const stack = await PulumiStack.create({
        programDir: FLEET_PROGRAM,
        // Unique per run: the stack's settings file (Pulumi.<stack>.yaml) lives in the program directory.
        stackName: `${name}-${process.pid}`,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: emu.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.accessKeySecret,
          ALIBABA_CLOUD_ENDPOINT_VERVERICA: proxy.endpoint,
          BENCH_WORKSPACE: emu.workspace,
          BENCH_NAMESPACE: emu.namespace,
          BENCH_COUNT: String(settings.count),
          ...(settings.sqlFile ? { BENCH_SQL_FILE: settings.sqlFile } : {}),
        },
      });
      stacks.push(stack);
      return stack;
    },
    trivialStack: async (name, count) => {
      const stack = await PulumiStack.create({
        programDir: TRIVIAL_PROGRAM,
        stackName: `bench-${name}-${process.pid}`,
        env: { BENCH_COUNT: String(count) },
      });
      stacks.push(stack);
      return stack;
    },
    close: async () => {
      for (const stack of stacks) {
        stack.dispose();
        fs.rmSync(path.join(stack.options.programDir, `Pulumi.${stack.stackName}.yaml`), { force: true });
      }
      await proxy.close();
      await emu.close();
    },
  };
}
