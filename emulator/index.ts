/**
 * Public entry point: start an emulator of the ververica OpenAPI (2022-07-18) on 127.0.0.1.
 *
 *   const emulator = await startEmulator({ ticketMs: 50 });   // or { configFile: "emulator.config.json" }
 *   // @alicloud/openapi-client: new Config({ endpoint: emulator.endpoint, protocol: "http", accessKeyId, accessKeySecret })
 *   await emulator.close();
 */
import type { AddressInfo } from "node:net";
import { AccessControl } from "./access";
import { registerAdmin } from "./admin";
import { Authenticator } from "./auth";
import { createBackend } from "./backend";
import { resolveConfig, type EmulatorOptions } from "./config";
import { loadConfigFile, mergeOptions } from "./config-file";
import { Faults } from "./faults";
import { API_ACTIONS, API_ROUTES } from "./routes";
import { buildServer, type RequestLogEntry } from "./server";
import { Store, type EmulatorSnapshot } from "./store";
import { Throttle } from "./throttle";
import { settle } from "./settle";

export type {
  EmulatorOptions,
  EmulatorUser,
  LockConflictPolicy,
  NamespaceOptions,
  SqlParserErrorSeverity,
  WorkspaceOptions,
} from "./config";
export type { DurationRange, DurationSpec } from "./durations";
export type { EngineVersion, EngineVersionStatus } from "./validation/engines";
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_NAMESPACE,
  DEFAULT_WORKSPACE,
} from "./config";
export type { RequestLogEntry } from "./server";
export type { EmulatorEvent, EmulatorSnapshot, EventKind } from "./store";

export interface RunningEmulator {
  /** "127.0.0.1:PORT", ready for Config.endpoint (with protocol "http"). */
  endpoint: string;
  port: number;
  accessKeyId: string;
  accessKeySecret: string;
  workspace: string;
  namespace: string;
  /** Plain JSON copy of drafts, deployments, jobs, tickets, locks, savepoints and the event log. */
  snapshot(): EmulatorSnapshot;
  /** Every request served: {time, method, path, action?, status, errorCode?}; never secrets. */
  requestLog(): RequestLogEntry[];
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveConfig(
    options.configFile === undefined ? options : mergeOptions(loadConfigFile(options.configFile), options),
  );
  const access = new AccessControl(config.users, API_ACTIONS);
  const store = new Store(config.stateFile);
  const backend = createBackend(config, store);
  // Load the SQL grammar now (~0.5 s, once per process) rather than inside the first validation,
  // where it would distort the ticket timing.
  backend.sqlChecker("SELECT 1", []);
  const throttle = new Throttle(config.requestsPerSecond);
  const faults = new Faults();
  const requestLog: RequestLogEntry[] = [];
  const app = buildServer({
    backend,
    routes: API_ROUTES,
    authenticator: new Authenticator(config.users, config.maxClockSkewMs),
    access,
    throttle,
    faults,
    requestLog,
  });
  if (config.admin) registerAdmin(app, { backend, access, faults, throttle, requestLog });
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as AddressInfo).port;
  const defaultUser = config.users[0];
  return {
    endpoint: `${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`,
    port,
    accessKeyId: defaultUser.accessKeyId,
    accessKeySecret: defaultUser.accessKeySecret,
    workspace: config.workspaces[0].id,
    namespace: config.workspaces[0].namespaces[0].name,
    snapshot() {
      if (settle(backend, Date.now())) store.persist();
      return store.snapshot();
    },
    requestLog: () => requestLog.map((entry) => ({ ...entry })),
    close: async () => {
      await app.close();
    },
  };
}
