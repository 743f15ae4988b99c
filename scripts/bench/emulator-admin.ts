/** The emulator's admin API (unsigned, loopback), for the knobs the benchmarks turn. */

/** A duration in ms: fixed, uniform {min, max}, or log-normal {median, p95} (emulator/durations.ts). */
export type DurationSpec = number | { min: number; max: number } | { median: number; p95: number };

export interface TicketDurations {
  validate: DurationSpec;
  deploy: DurationSpec;
  jobStart?: DurationSpec;
}

async function post(endpoint: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`http://${endpoint}/__admin/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`emulator admin ${path}: HTTP ${response.status} ${await response.text()}`);
}

export const setDurations = (endpoint: string, durations: TicketDurations): Promise<void> =>
  post(endpoint, "durations", durations);

export const setRateLimit = (endpoint: string, requestsPerSecond: number | null): Promise<void> =>
  post(endpoint, "throttle", { requestsPerSecond });

export const resetEmulator = (endpoint: string): Promise<void> => post(endpoint, "reset", {});
