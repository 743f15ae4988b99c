/**
 * Shared set-up for the provider tests: an in-process emulator and a provider
 * instance (the composition root, provider/provider.ts) configured against it
 * through its stack-config path, with its log lines collected.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import type { Clock } from "../../provider/clock";
import { createProvider, type DeployedDraftProvider } from "../../provider/provider";

export interface ProviderFixture {
  emulator: RunningEmulator;
  provider: DeployedDraftProvider;
  logs: string[];
  /** Inputs as the SDK passes them, with the emulator's workspace and namespace. */
  inputs(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Set to act while the provider waits; reset to {} after use. */
  hooks: WaitHooks;
  admin(path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export const SQL = [
  "CREATE TEMPORARY TABLE src (id BIGINT, msg STRING) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (id BIGINT, msg STRING) WITH ('connector' = 'blackhole');",
  "INSERT INTO snk SELECT id, msg FROM src;",
].join("\n");

/** A provider configured against an emulator, with its log lines in `logs`. */
export function emulatorProvider(
  emulator: RunningEmulator,
  logs: string[],
  clock?: Clock,
): DeployedDraftProvider {
  const provider = createProvider({ sink: (line) => logs.push(line), env: {}, clock });
  const config: Record<string, string> = {
    "alicloud:accessKey": emulator.accessKeyId,
    "alicloud:secretKey": emulator.accessKeySecret,
    "alicloud-flink:endpoint": emulator.endpoint,
  };
  void provider.configure({
    config: { get: (key: string) => config[key], require: (key: string) => config[key] },
  });
  return provider;
}

/**
 * The provider's clock driven by the emulator's manual clock: a poll's pause
 * advances the emulator by that much at once, so tickets, job starts and the
 * health gate take simulated time and the tests wait for nothing.
 */
export function emulatorClock(emulator: RunningEmulator, hooks: WaitHooks = {}): Clock {
  return {
    now: () => emulator.now(),
    sleep: async (ms) => {
      await hooks.beforeSleep?.(emulator.now());
      emulator.advance(Math.max(0, ms));
    },
  };
}

/** What a test does while the provider waits (a console user acting meanwhile, a job restarting). */
export interface WaitHooks {
  /** Called with the emulator's time before each of the provider's pauses. */
  beforeSleep?: (now: number) => Promise<void> | void;
}

export async function startProviderFixture(
  ticketMs = 40,
  options: EmulatorOptions = {},
): Promise<ProviderFixture> {
  // The grammar, not the JVM sidecar: these tests are about the provider's flows, and the planner's
  // 0.3 s per validation would dominate them (tests/contract and tests/sidecar cover validation).
  const emulator = await startEmulator({
    port: 0,
    ticketMs,
    clock: "manual",
    sqlValidator: "grammar",
    ...options,
  });
  const logs: string[] = [];
  const hooks: WaitHooks = {};
  let counter = 0;
  const fixture: ProviderFixture = {
    emulator,
    provider: emulatorProvider(
      emulator,
      logs,
      emulatorClock(emulator, { beforeSleep: (now) => fixture.hooks.beforeSleep?.(now) }),
    ),
    logs,
    hooks,
    inputs(overrides = {}) {
      counter += 1;
      return {
        __provider: "serialized-shim-placeholder",
        __resourceName: `job${counter}`,
        __owner: `proj/dev/job${counter}`,
        workspace: emulator.workspace,
        namespace: emulator.namespace,
        name: `job-${counter}-${Date.now().toString(36)}`,
        sql: SQL,
        engineVersion: "vvr-8.0.11-flink-1.17",
        // The health gate's default (5 s) would dominate these tests.
        healthySeconds: 0.2,
        ...overrides,
      };
    },
    async admin(path, body) {
      const response = await fetch(`http://${emulator.endpoint}/__admin/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status} ${text}`);
      return text === "" ? undefined : JSON.parse(text);
    },
    async close() {
      await emulator.close();
    },
  };
  return fixture;
}
