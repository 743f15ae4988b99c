/**
 * The request pacer (provider/pacing/pacer.ts) on a simulated clock: slow
 * start, multiplicative decrease on throttling with the gateway's retry-after
 * honoured for every caller, additive increase back towards the limit, and
 * one pacer shared by every resource of a provider instance.
 */
import { strict as assert } from "node:assert";
import { FlinkApiError, withRetries } from "../../provider/client";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DurationCacheFile,
  endUrgency,
  Pacers,
  RequestPacer,
  runUrgently,
  type Permit,
} from "../../provider/pacing";
import { startProviderFixture, type ProviderFixture } from "./provider-fixtures";

/** A clock whose sleeps resolve in time order when `runUntil` advances it; nothing waits for real. */
class SimulatedClock {
  private time = 0;
  private timers: { at: number; resolve: () => void; seq: number }[] = [];
  private seq = 0;

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), resolve, seq: this.seq++ });
    });

  /** Lets promise chains settle, then fires timers in order until `until` or nothing is pending. */
  async runUntil(until: number, done: () => boolean = () => false): Promise<void> {
    for (;;) {
      await flush();
      if (done()) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next || next.at > until) {
        if (next) this.timers.unshift(next);
        this.time = Math.max(this.time, until);
        return;
      }
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The emulator's gateway rule: more than `limit` requests in a one-second window are throttled. */
function gateway(clock: SimulatedClock, limit: number) {
  let windowStart = -Infinity;
  let count = 0;
  const stats = { accepted: 0, throttled: 0 };
  return {
    stats,
    call: (): void => {
      const now = clock.now();
      if (now - windowStart >= 1_000) {
        windowStart = now;
        count = 0;
      }
      count += 1;
      if (count > limit) {
        stats.throttled += 1;
        throw new FlinkApiError({
          operation: "GetJob",
          message: "Request was denied due to user flow control.",
          httpStatus: 400,
          errorCode: "Throttling.User",
          retryAfterMs: windowStart + 1_000 - now,
        });
      }
      stats.accepted += 1;
    },
  };
}

describe("provider request pacer", () => {
  it("approaches a rate limit instead of bouncing off it (AIMD)", async () => {
    const clock = new SimulatedClock();
    const pacer = new RequestPacer(clock);
    const gw = gateway(clock, 50);
    // 40 resources, each making calls back to back (10 ms of service time each) for 60 s.
    let stop = false;
    const worker = async (): Promise<void> => {
      while (!stop) {
        await withRetries(
          async () => {
            gw.call();
            await clock.sleep(10);
          },
          "always",
          { maxAttempts: 3, maxThrottledAttempts: 50, baseDelayMs: 100, maxDelayMs: 1_000 },
          { gate: pacer, sleep: clock.sleep },
        );
      }
    };
    const workers = Array.from({ length: 40 }, worker);
    await clock.runUntil(60_000);
    stop = true;
    await clock.runUntil(70_000);
    await Promise.all(workers);
    const view = pacer.view();
    const total = gw.stats.accepted + gw.stats.throttled;
    assert.ok(view.decreases >= 1, "the limit was found");
    assert.ok(view.limit !== undefined && view.limit >= 45 && view.limit <= 55, `limit ${view.limit}`);
    assert.ok(gw.stats.throttled / total <= 0.02, `${gw.stats.throttled} of ${total} throttled`);
    // 60 s at 50/s is 3000; within 10 % of it, slow start and the probes included.
    assert.ok(gw.stats.accepted >= 0.9 * 3_000, `${gw.stats.accepted} accepted in 60 s`);
  });

  it("slow start: a small burst goes at once, a queue doubles the rate each second", async () => {
    const clock = new SimulatedClock();
    const pacer = new RequestPacer(clock, { initialRate: 10, initialBurst: 10 });
    const admitted: number[] = [];
    const all = Array.from({ length: 10 }, () => pacer.acquire().then((p) => admitted.push(p.admittedAt)));
    await clock.runUntil(0);
    await Promise.all(all);
    assert.deepEqual(admitted, Array(10).fill(0), "the first ten at once");
    const more = Array.from({ length: 60 }, () => pacer.acquire().then((p) => admitted.push(p.admittedAt)));
    await clock.runUntil(60_000, () => admitted.length === 70);
    await Promise.all(more);
    assert.ok(pacer.view().rate > 20, `rate grew to ${pacer.view().rate.toFixed(1)}`);
    assert.ok(admitted[69] < 4_000, `60 queued calls done at ${admitted[69]} ms, not 6 s at a fixed 10/s`);
  });

  it("honours x-acs-retry-after for every caller, and decreases once per overload", async () => {
    const clock = new SimulatedClock();
    const pacer = new RequestPacer(clock, { initialRate: 100, initialBurst: 5 });
    const permits: Permit[] = [];
    for (let i = 0; i < 5; i++) permits.push(await pacer.acquire());
    pacer.throttledAnswer(permits[3], 700);
    const rateAfterFirst = pacer.view().rate;
    pacer.throttledAnswer(permits[4], 700);
    assert.equal(pacer.view().decreases, 1, "the second answer belongs to the same overload");
    assert.equal(pacer.view().rate, rateAfterFirst);
    assert.equal(pacer.view().limit, 5, "the limit is what went through in the last second");
    const admitted: number[] = [];
    const waiting = [pacer.acquire(), pacer.acquire({ retry: true })].map((p) =>
      p.then((permit) => admitted.push(permit.admittedAt)),
    );
    await clock.runUntil(10_000, () => admitted.length === 2);
    await Promise.all(waiting);
    assert.ok(
      admitted.every((t) => t >= 700),
      `nothing before the retry-after: ${admitted.join(", ")}`,
    );
  });

  it("throttled calls wait in the pacer, not each on its own (retries go first)", async () => {
    const clock = new SimulatedClock();
    const pacer = new RequestPacer(clock, { initialRate: 1_000, initialBurst: 3 });
    let attempts = 0;
    const call = withRetries(
      async () => {
        attempts += 1;
        if (attempts === 1) {
          throw new FlinkApiError({
            operation: "GetJob",
            message: "throttled",
            httpStatus: 400,
            errorCode: "Throttling.User",
            retryAfterMs: 400,
          });
        }
        return clock.now();
      },
      "always",
      { maxAttempts: 2, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      { gate: pacer, sleep: clock.sleep },
    );
    let doneAt: number | undefined;
    void call.then((t) => (doneAt = t));
    await clock.runUntil(5_000, () => doneAt !== undefined);
    assert.equal(doneAt, 400, "sent again when the retry-after passed, not after its own backoff");
  });

  it("serves retries, then urgent requests (check, a start before its first wait), then the rest", async () => {
    const clock = new SimulatedClock();
    const pacer = new RequestPacer(clock, { initialRate: 10, initialBurst: 1 });
    await pacer.acquire(); // the bucket is empty: everything below queues
    const order: string[] = [];
    const queue = (label: string, promise: Promise<Permit>): Promise<number> =>
      promise.then(() => order.push(label));
    const waiting = [
      queue("poll 1", pacer.acquire()),
      queue("poll 2", pacer.acquire()),
      // A provider method's calls are urgent until it starts waiting on the service.
      runUrgently(async () => {
        const start = queue("start", pacer.acquire());
        endUrgency();
        await Promise.all([start, queue("its poll", pacer.acquire())]);
      }),
      queue(
        "check",
        runUrgently(() => pacer.acquire()),
      ),
      queue("retry", pacer.acquire({ retry: true })),
    ];
    await clock.runUntil(60_000, () => order.length === 6);
    await Promise.all(waiting);
    assert.deepEqual(order, ["retry", "start", "check", "poll 1", "poll 2", "its poll"]);
  });

  it("lets others through once urgent requests had their share of the last second", async () => {
    const clock = new SimulatedClock();
    const pacer = new RequestPacer(clock, { knownLimit: 20, decrease: 0.5, urgentShare: 0.5 });
    const order: string[] = [];
    const waiting = [
      ...Array.from({ length: 12 }, () => pacer.acquire({ urgent: true }).then(() => order.push("start"))),
      ...Array.from({ length: 4 }, () => pacer.acquire().then(() => order.push("poll"))),
    ];
    await clock.runUntil(60_000, () => order.length === 16);
    await Promise.all(waiting);
    // About 10 requests a second, at most half of them urgent while polls wait.
    assert.ok(
      order.slice(0, 5).every((o) => o === "start"),
      `urgent requests go first: ${order.join(", ")}`,
    );
    assert.ok(
      order.lastIndexOf("poll") < 12,
      `polls are not held until the starts ran out: ${order.join(", ")}`,
    );
  });

  it("remembers the limit it found for the next process (a day): no slow start, paced just below it", async () => {
    const clock = new SimulatedClock();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pacer-limit-"));
    try {
      const first = new Pacers(clock, { initialBurst: 40 }, new DurationCacheFile(dir, clock));
      const pacer = first.for("connection in memory", "0123456789abcdef");
      const permits: Permit[] = [];
      for (let i = 0; i < 30; i++) permits.push(await pacer.acquire());
      pacer.throttledAnswer(permits[29], 500);
      assert.equal(pacer.view().limit, 30);
      const text = fs.readFileSync(path.join(dir, "durations.json"), "utf8");
      assert.doesNotMatch(text, /connection in memory/, "only the hashed key is written");

      const next = new Pacers(clock, {}, new DurationCacheFile(dir, clock)).for("same", "0123456789abcdef");
      assert.equal(next.view().limit, 30, "the next process knows the limit");
      assert.equal(next.view().rate, 0.85 * 30, "and starts below it, as after a throttle");
      const other = new Pacers(clock, {}, new DurationCacheFile(dir, clock)).for("other", "fedcba9876543210");
      assert.equal(other.view().limit, undefined, "another connection starts slowly");

      await clock.runUntil(clock.now() + 25 * 3_600_000);
      const later = new Pacers(clock, {}, new DurationCacheFile(dir, clock)).for("same", "0123456789abcdef");
      assert.equal(later.view().limit, undefined, "a day later the limit is found again");
      assert.equal(later.view().rate, 20);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("in a provider instance", () => {
    let fx: ProviderFixture;
    before(async () => {
      fx = await startProviderFixture();
    });
    after(async () => {
      await fx.close();
    });

    it("is shared by every resource of the process", async () => {
      const before = fx.emulator.requestLog().filter((r) => !r.path.startsWith("/__admin")).length;
      const results = await Promise.all([
        fx.provider.create(fx.inputs({ jobState: "STOPPED" })),
        fx.provider.create(fx.inputs({ jobState: "STOPPED" })),
      ]);
      const sent = fx.emulator.requestLog().filter((r) => !r.path.startsWith("/__admin")).length - before;
      const views = fx.provider.services.pacers.views();
      assert.equal(views.length, 1, "one pacer for the connection");
      assert.ok(views[0].admitted >= sent, `${views[0].admitted} admitted, ${sent} sent`);
      for (const { id, outs } of results) await fx.provider.delete(id, outs);
    });
  });
});
