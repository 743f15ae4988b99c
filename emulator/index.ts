/**
 * Public entry point: start an emulator of the ververica OpenAPI (2022-07-18) on 127.0.0.1.
 *
 *   const emulator = await startEmulator({ ticketMs: 50 });
 *   // @alicloud/openapi-client: new Config({ endpoint: emulator.endpoint, protocol: "http", accessKeyId, accessKeySecret })
 *   await emulator.close();
 */
import type { AddressInfo } from "node:net";
import { registerAdmin } from "./admin";
import { Authenticator } from "./auth";
import { createBackend } from "./backend";
import { resolveConfig, type EmulatorOptions } from "./config";
import { Faults } from "./faults";
import { draftTicketRoutes } from "./handlers/draft-tickets";
import { deploymentRoutes } from "./handlers/deployments";
import { draftRoutes } from "./handlers/drafts";
import { jobRoutes } from "./handlers/jobs";
import { savepointRoutes } from "./handlers/savepoints";
import { catalogueRoutes } from "./handlers/catalogue";
import { buildServer, type RequestLogEntry } from "./server";
import { Store, type EmulatorSnapshot } from "./store";
import { Throttle } from "./throttle";
import { settle } from "./settle";

export type { EmulatorOptions, EmulatorUser, LockConflictPolicy, SqlParserErrorSeverity } from "./config";
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
  const config = resolveConfig(options);
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
    routes: [
      ...draftRoutes,
      ...draftTicketRoutes,
      ...deploymentRoutes,
      ...jobRoutes,
      ...savepointRoutes,
      ...catalogueRoutes,
    ],
    authenticator: new Authenticator(config.users, config.maxClockSkewMs),
    throttle,
    faults,
    requestLog,
  });
  if (config.admin) registerAdmin(app, { backend, faults, throttle, requestLog });
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as AddressInfo).port;
  const defaultUser = config.users[0];
  return {
    endpoint: `${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`,
    port,
    accessKeyId: defaultUser.accessKeyId,
    accessKeySecret: defaultUser.accessKeySecret,
    workspace: config.workspace,
    namespace: config.namespaces[0],
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
