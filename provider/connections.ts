/**
 * The FlinkClients of one provider instance, built on first use (configure
 * must stay synchronous) and rebuilt when the resolved connection changes,
 * e.g. a different endpoint in another stack's config.
 */
import type { FlinkApiError, FlinkClient, RetryPolicy } from "./client";
import type { Clock } from "./clock";
import {
  hasExplicitConnection,
  resolveConnection,
  type Connection,
  type Env,
  type StackSettings,
} from "./config";
import type { LogSink } from "./log";
import { cacheKey } from "./pacing/duration-cache";
import type { Pacers } from "./pacing/pacer";
import { USER_AGENT } from "./version";

export interface ClientProfile {
  retry?: RetryPolicy;
  readTimeoutMs?: number;
}

/** create/update/read/delete: the default retries and timeouts. */
export const OPERATIONS_PROFILE: ClientProfile = {};
/** check during preview: a server check must not hold up `pulumi preview` for long. */
export const PREVIEW_PROFILE: ClientProfile = {
  retry: { maxAttempts: 2, baseDelayMs: 300, maxDelayMs: 1_000 },
  readTimeoutMs: 10_000,
};

export class Connections {
  private readonly cache = new Map<ClientProfile, { key: string; client: FlinkClient }>();

  constructor(
    private readonly settings: () => StackSettings,
    private readonly env: Env,
    private readonly clock: Clock,
    private readonly sink: LogSink,
    private readonly pacers?: Pacers,
  ) {}

  /** The client of a profile for the connection in effect now; throws a message that says what to set. */
  client(profile: ClientProfile = OPERATIONS_PROFILE): FlinkClient {
    const connection = resolveConnection(this.settings(), this.env);
    const key = keyOf(connection);
    const cached = this.cache.get(profile);
    if (cached?.key === key) return cached.client;
    const client = new (loadClientClass())({
      endpoint: connection.endpoint,
      protocol: connection.protocol,
      credentials: connection.credentials,
      userAgent: USER_AGENT,
      retry: profile.retry,
      readTimeoutMs: profile.readTimeoutMs,
      onRetry: (err, attempt, delayMs) => this.logRetry(err, attempt, delayMs),
      sleep: (ms) => this.clock.sleep(ms),
      // Every profile of one connection shares one pacer: the gateway counts per AccessKey.
      gate: this.pacers?.for(key, rememberedAs(connection)),
    });
    this.cache.set(profile, { key, client });
    return client;
  }

  /**
   * True when explicit keys and an endpoint are configured, i.e. a server-side
   * check during preview would not have to probe the default credential chain
   * (which can hang on ECS metadata lookups outside Alibaba Cloud).
   */
  hasExplicitConnection(): boolean {
    return hasExplicitConnection(this.settings(), this.env);
  }

  private logRetry(err: FlinkApiError, attempt: number, delayMs: number): void {
    const why = err.isThrottling ? "throttled" : "transient failure";
    this.sink(
      `[alicloud-flink] ${err.operation}: ${why}, retry ${attempt} in ${delayMs} ms (${err.message})`,
    );
  }
}

/** What the per-user cache remembers a connection's rate limit by: endpoint and AccessKey ID, hashed. */
function rememberedAs(connection: Connection): string {
  const who =
    connection.credentials.kind === "access-key" ? connection.credentials.accessKeyId : "default chain";
  return cacheKey(["limit", connection.endpoint, who]);
}

/** Comparison key of a connection; kept in memory only, never logged. */
function keyOf(connection: Connection): string {
  return JSON.stringify([connection.endpoint, connection.protocol, connection.credentials]);
}

/**
 * The client class, required on first use: its SDK modules take about 200 ms
 * to load, which a process that never sends a request (a no-change preview)
 * should not pay (client/index.ts exports the class as a type only).
 */
function loadClientClass(): typeof FlinkClient {
  const loaded = require("./client/flink-client") as typeof import("./client/flink-client");
  return loaded.FlinkClient;
}
