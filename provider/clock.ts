/**
 * Time as the provider sees it. Every wait (polls, the health gate, backoff
 * between resends) goes through a Clock, so tests run the flows on a clock
 * they control (e.g. one that advances the emulator's clock) and never sleep.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
