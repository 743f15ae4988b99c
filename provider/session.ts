/**
 * The FlinkClients the lifecycle functions use, created lazily on first use
 * (configure must stay synchronous) and rebuilt when the resolved connection
 * changes, e.g. a different endpoint in another stack's config.
 */
import { FlinkClient, type FlinkApiError, type RetryPolicy } from "./client";
import { resolveConnection, type Connection } from "./config";
import { USER_AGENT } from "./version";

interface ClientProfile {
  retry?: RetryPolicy;
  readTimeoutMs?: number;
}

/** create/update/read/delete: the default retries and timeouts. */
const OPERATIONS_PROFILE: ClientProfile = {};
/** check during preview: a server check must not hold up `pulumi preview` for long. */
const PREVIEW_PROFILE: ClientProfile = {
  retry: { maxAttempts: 2, baseDelayMs: 300, maxDelayMs: 1_000 },
  readTimeoutMs: 10_000,
};

const cache = new Map<ClientProfile, { key: string; client: FlinkClient }>();

/** Comparison key of a connection; kept in memory only, never logged. */
function keyOf(connection: Connection): string {
  return JSON.stringify([connection.endpoint, connection.protocol, connection.credentials]);
}

function logRetry(err: FlinkApiError, attempt: number, delayMs: number): void {
  const why = err.isThrottling ? "throttled" : "transient failure";
  process.stderr.write(
    `[alicloud-flink] ${err.operation}: ${why}, retry ${attempt} in ${delayMs} ms (${err.message})\n`,
  );
}

function clientFor(profile: ClientProfile): FlinkClient {
  const connection = resolveConnection();
  const key = keyOf(connection);
  const cached = cache.get(profile);
  if (cached?.key === key) return cached.client;
  const client = new FlinkClient({
    endpoint: connection.endpoint,
    protocol: connection.protocol,
    credentials: connection.credentials,
    userAgent: USER_AGENT,
    retry: profile.retry,
    readTimeoutMs: profile.readTimeoutMs,
    onRetry: logRetry,
  });
  cache.set(profile, { key, client });
  return client;
}

export function getClient(): FlinkClient {
  return clientFor(OPERATIONS_PROFILE);
}

export function getPreviewClient(): FlinkClient {
  return clientFor(PREVIEW_PROFILE);
}
