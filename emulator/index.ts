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
import { ManualClock, WallClock, type Clock, type ClockKind } from "./clock";
import { buildServer, type RequestLogEntry } from "./server";
import { Store, type EmulatorSnapshot } from "./store";
import { Throttle } from "./throttle";
import { settle } from "./settle";
import { chooseSqlValidator } from "./validation/choose-validator";
import type { SqlValidator } from "./validation/sql-validator";

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
export type { Clock, ClockKind } from "./clock";
export { ManualClock, WallClock } from "./clock";
export type { BusinessErrorStyle } from "./envelope";
export type { UpdateDeploymentMode } from "./config";
export type { SqlProblem, SqlValidationStatement, SqlValidator } from "./validation/sql-validator";
export { GrammarSqlValidator } from "./validation/grammar-validator";
export { ERROR_CATALOGUE } from "./errors";
export type { ErrorProvenance, ErrorSpec } from "./errors";
export type { EmulatorEvent, EmulatorSnapshot, EventKind } from "./store";

export interface RunningEmulator {
  /** "127.0.0.1:PORT", ready for Config.endpoint (with protocol "http"). */
  endpoint: string;
  port: number;
  accessKeyId: string;
  accessKeySecret: string;
  workspace: string;
  namespace: string;
  /** Which SQL validator checks SQL: the built-in grammar check, or the Flink planner (sidecar). */
  sqlValidator: SqlValidator["kind"];
  /** Which clock the service's state runs on. */
  clock: ClockKind;
  /** The emulator's now (ms since the epoch). */
  now(): number;
  /**
   * Moves a manual clock forward by `ms` and returns the new now; tickets and jobs that fall due
   * settle at once. Throws with the wall clock (start with `clock: "manual"`).
   */
  advance(ms: number): number;
  /** Plain JSON copy of drafts, deployments, jobs, tickets, locks, savepoints and the event log. */
  snapshot(): EmulatorSnapshot;
  /** Every request served: {time, method, path, action?, status, errorCode?}; never secrets. */
  requestLog(): RequestLogEntry[];
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const merged =
    options.configFile === undefined ? options : mergeOptions(loadConfigFile(options.configFile), options);
  const config = resolveConfig(merged);
  const access = new AccessControl(config.users, API_ACTIONS);
  const store = new Store(config.stateFile);
  const clock: Clock = config.clock === "manual" ? new ManualClock() : new WallClock();
  // The sidecar's start and its own troubles reach stderr; not its per-request timings, the problems
  // it finds in SQL (they are in the responses) or the JVM's noise.
  const sqlValidator = await chooseSqlValidator(merged.sqlValidator ?? "auto", (line) => {
    if (/ready in|died|restart|timed out|unavailable|exit/i.test(line))
      process.stderr.write(`[emulator] ${line}\n`);
  });
  const backend = createBackend(config, store, { clock, sqlValidator });
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
  const advance = (ms: number): number => {
    if (!(clock instanceof ManualClock)) {
      throw new Error(
        'The emulator runs on the wall clock; start it with { clock: "manual" } to advance time.',
      );
    }
    const now = clock.advance(ms);
    if (settle(backend, now)) store.persist();
    return now;
  };
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
    sqlValidator: sqlValidator.kind,
    clock: clock.kind,
    now: () => clock.now(),
    advance,
    snapshot() {
      if (settle(backend, clock.now())) store.persist();
      return store.snapshot();
    },
    requestLog: () => requestLog.map((entry) => ({ ...entry })),
    close: async () => {
      await app.close();
      await sqlValidator.close();
    },
  };
}
