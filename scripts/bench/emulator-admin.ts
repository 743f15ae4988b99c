/** The emulator's admin API (unsigned, loopback), for the knobs the benchmarks turn. */

export interface TicketDurations {
  validate: number;
  deploy: number;
  jobStart?: number;
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
