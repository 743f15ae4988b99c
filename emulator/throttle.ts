/**
 * Per-AccessKey flow control, as the POP gateway applies it: more than `requestsPerSecond` requests in
 * one second answer `Throttling.User` with HTTP 400 and an `x-acs-retry-after` header in milliseconds
 * (the unit the Darabonba SDKs' retry policies consume; their own test servers answer throttling with
 * HTTP 400 and a millisecond value). ASSUMPTION: the real limits and window are not public.
 */
import { gatewayError } from "./errors";

export class Throttle {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(public requestsPerSecond: number | undefined) {}

  admit(accessKeyId: string, now: number): void {
    if (this.requestsPerSecond === undefined) return;
    const window = this.windows.get(accessKeyId);
    if (!window || now - window.startMs >= 1000) {
      this.windows.set(accessKeyId, { startMs: now, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > this.requestsPerSecond) {
      const retryAfterMs = Math.max(1, window.startMs + 1000 - now);
      throw gatewayError(
        "ThrottlingUser",
        `Request was denied due to user flow control: more than ${this.requestsPerSecond} requests per second with this AccessKey.`,
        { "x-acs-retry-after": String(retryAfterMs) },
      );
    }
  }

  reset(): void {
    this.windows.clear();
  }
}
