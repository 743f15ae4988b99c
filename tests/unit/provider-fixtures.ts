/**
 * Shared set-up for the provider tests: an in-process emulator, the provider
 * configured against it through its stack-config path, and collected log lines.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { configure, resetConfiguration } from "../../provider/config";
import { setLogSink, type LogSink } from "../../provider/log";

export interface ProviderFixture {
  emulator: RunningEmulator;
  logs: string[];
  /** Inputs as the SDK passes them, with the emulator's workspace and namespace. */
  inputs(overrides?: Record<string, unknown>): Record<string, unknown>;
  admin(path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export const SQL = [
  "CREATE TEMPORARY TABLE src (id BIGINT, msg STRING) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (id BIGINT, msg STRING) WITH ('connector' = 'blackhole');",
  "INSERT INTO snk SELECT id, msg FROM src;",
].join("\n");

export async function startProviderFixture(ticketMs = 40): Promise<ProviderFixture> {
  const emulator = await startEmulator({ port: 0, ticketMs });
  const config: Record<string, string> = {
    "alicloud:accessKey": emulator.accessKeyId,
    "alicloud:secretKey": emulator.accessKeySecret,
    "alicloud-flink:endpoint": emulator.endpoint,
  };
  configure({ get: (key: string) => config[key] });
  const logs: string[] = [];
  const previousSink: LogSink = setLogSink((line) => logs.push(line));
  let counter = 0;
  return {
    emulator,
    logs,
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
      setLogSink(previousSink);
      resetConfiguration();
      await emulator.close();
    },
  };
}
