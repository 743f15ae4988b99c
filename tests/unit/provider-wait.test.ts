import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatDuration, parseDurationMs } from "../../provider/durations";
import { backoffDelayMs, shouldRetry, withRetries } from "../../provider/client/retry";
import { buildPathname, encodePathSegment, OPERATIONS } from "../../provider/client/operations";
import { FlinkApiError } from "../../provider/client/errors";
import { pollUntil, WaitTimeoutError } from "../../provider/wait";
import { cacheDirectory, DurationCacheFile, DurationLearner, type Expectation } from "../../provider/pacing";

/** A fake clock: sleeping advances time instantly. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe("provider waiting, durations and retry rules", () => {
  it("pauses 5 % of the time waited (150 ms to 60 s) and logs once per state change", async () => {
    const clock = fakeClock();
    const finishedAt = 3_000;
    const lines: string[] = [];
    let polls = 0;
    const result = await pollUntil({
      what: "deploy ticket t1",
      fetch: async () => {
        polls++;
        const t = clock.now();
        return t === 0 ? "INIT" : t < finishedAt ? "EXECUTING" : "FINISHED";
      },
      stateOf: (s) => s,
      isDone: (s) => s === "FINISHED",
      deadline: { at: 600_000, label: "timeouts.create (10m)" },
      log: { info: (m) => lines.push(m), warn: (m) => lines.push(m) },
      clock,
    });
    assert.equal(result, "FINISHED");
    assert.equal(clock.sleeps[0], 150, "fast first");
    assert.ok(
      clock.sleeps.every((ms, i) => i === 0 || ms >= clock.sleeps[i - 1]),
      "never faster",
    );
    assert.ok(clock.now() - finishedAt <= 150, `noticed ${clock.now() - finishedAt} ms late`);
    assert.ok(polls <= 25, `${polls} polls for a 3 s ticket`);
    assert.deepEqual(
      lines.map((l) => l.split(" (")[0]),
      ["deploy ticket t1: INIT", "deploy ticket t1: EXECUTING", "deploy ticket t1: FINISHED"],
    );
  });

  it("polls logarithmically in the wait's length, up to a 60 s pause", async () => {
    const pollsFor = async (waitMs: number): Promise<{ polls: number; late: number; longest: number }> => {
      const clock = fakeClock();
      let polls = 0;
      await pollUntil({
        what: "ticket",
        fetch: async () => {
          polls++;
          return clock.now() >= waitMs;
        },
        stateOf: (done) => (done ? "FINISHED" : "EXECUTING"),
        isDone: (done) => done,
        deadline: { at: 48 * 3_600_000, label: "test" },
        log: { info: () => undefined, warn: () => undefined },
        clock,
      });
      return { polls, late: clock.now() - waitMs, longest: Math.max(...clock.sleeps) };
    };
    const minute = await pollsFor(60_000);
    const halfHour = await pollsFor(1_800_000);
    assert.ok(halfHour.polls / minute.polls <= 3, `${minute.polls} → ${halfHour.polls} polls`);
    assert.ok(minute.late <= 0.05 * 60_000 + 1, `a 1 min wait noticed ${minute.late} ms late`);
    assert.ok(halfHour.late <= 0.05 * 1_800_000 + 1, `a 30 min wait noticed ${halfHour.late} ms late`);
    const day = await pollsFor(24 * 3_600_000);
    assert.equal(day.longest, 60_000, "capped at 60 s");
  });

  it("stops at its deadline with a message that says how to resume", async () => {
    const clock = fakeClock();
    await assert.rejects(
      pollUntil({
        what: "validate ticket t2",
        fetch: async () => "EXECUTING",
        stateOf: (s) => s,
        isDone: () => false,
        deadline: { at: 2_000, label: "timeouts.update (2s)" },
        log: { info: () => undefined, warn: () => undefined },
        clock,
      }),
      (err: Error) =>
        err instanceof WaitTimeoutError &&
        /validate ticket t2 \(last state: EXECUTING\) after timeouts.update \(2s\).*pulumi up/.test(
          err.message,
        ),
    );
    assert.ok(clock.now() <= 2_000);
  });

  it("parses and formats durations", () => {
    assert.equal(parseDurationMs("90s"), 90_000);
    assert.equal(parseDurationMs("1h30m"), 5_400_000);
    assert.equal(parseDurationMs("250ms"), 250);
    assert.throws(() => parseDurationMs("20 minutes"), /"90s", "20m" or "1h30m"/);
    assert.equal(formatDuration(90_000), "1m30s");
    assert.equal(formatDuration(1_800_000), "30m");
  });

  it("encodes path segments like the SDK and keeps the pre-encoded colon", () => {
    assert.equal(encodePathSegment("a b!'()*/"), "a%20b%21%27%28%29%2A%2F");
    assert.equal(
      buildPathname("StopJob", "ns-1", { jobId: "j 1" }),
      "/api/v2/namespaces/ns-1/jobs/j%201%3Astop",
    );
    assert.throws(() => buildPathname("GetJob", "ns"), /missing path parameter "jobId"/);
  });

  it("retries only what is safe to repeat", () => {
    const http = (status: number, op = "X") =>
      new FlinkApiError({ operation: op, message: "m", httpStatus: status });
    const throttled = new FlinkApiError({
      operation: "X",
      message: "m",
      httpStatus: 400,
      errorCode: "Throttling.User",
    });
    const refused = new FlinkApiError({ operation: "X", message: "m", networkCode: "ECONNREFUSED" });
    const reset = new FlinkApiError({ operation: "X", message: "m", networkCode: "ECONNRESET" });
    assert.equal(OPERATIONS.GetDeploymentDraft.retry, "always");
    assert.equal(
      OPERATIONS.DeployDeploymentDraftAsync.retry,
      "always",
      "a repeated deploy of one draft is idempotent",
    );
    assert.equal(
      OPERATIONS.CreateDeploymentDraft.retry,
      "if-not-sent",
      "a repeated create could race the name",
    );
    assert.ok(shouldRetry(http(503), "always"));
    assert.ok(!shouldRetry(http(503), "if-not-sent"));
    assert.ok(!shouldRetry(http(400), "always"));
    assert.ok(shouldRetry(throttled, "if-not-sent"));
    assert.ok(shouldRetry(refused, "if-not-sent"));
    assert.ok(!shouldRetry(reset, "if-not-sent"));
    assert.ok(shouldRetry(reset, "always"));
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    assert.equal(
      backoffDelayMs(0, policy, () => 0),
      50,
    );
    assert.equal(
      backoffDelayMs(0, policy, () => 1),
      100,
    );
    assert.equal(
      backoffDelayMs(10, policy, () => 1),
      1_000,
      "capped",
    );
  });

  it("gives throttling a larger attempt budget than faults", async () => {
    const policy = { maxAttempts: 2, maxThrottledAttempts: 6, baseDelayMs: 1, maxDelayMs: 1 };
    const failing = (err: FlinkApiError) => {
      let calls = 0;
      return {
        calls: () => calls,
        call: async (): Promise<never> => {
          calls++;
          throw err;
        },
      };
    };
    const throttled = failing(
      new FlinkApiError({ operation: "X", message: "m", httpStatus: 400, errorCode: "Throttling.User" }),
    );
    await assert.rejects(withRetries(throttled.call, "always", policy, { sleep: async () => {} }));
    assert.equal(throttled.calls(), 6);
    const broken = failing(new FlinkApiError({ operation: "X", message: "m", httpStatus: 503 }));
    await assert.rejects(withRetries(broken.call, "always", policy, { sleep: async () => {} }));
    assert.equal(broken.calls(), 2);
  });

  it("keeps the fault budget of a call that was throttled first", async () => {
    const policy = { maxAttempts: 2, maxThrottledAttempts: 6, baseDelayMs: 1, maxDelayMs: 1 };
    const throttled = new FlinkApiError({
      operation: "X",
      message: "m",
      httpStatus: 400,
      errorCode: "Throttling.User",
    });
    const broken = new FlinkApiError({ operation: "X", message: "m", httpStatus: 503 });
    const script: FlinkApiError[] = [throttled, throttled, throttled, broken];
    let calls = 0;
    const result = await withRetries(
      async () => {
        const err = script[calls++];
        if (err) throw err;
        return "done";
      },
      "always",
      policy,
      { sleep: async () => {} },
    );
    assert.equal(result, "done");
    assert.equal(calls, 5, "three throttles and one fault, then success");
  });

  describe("predicted waits", () => {
    const KEY = { endpoint: "e:1", namespace: "ws/ns", kind: "deploy" as const, engineVersion: "v1" };

    /** A ticket that finishes `durationMs` after the wait starts, on a fake clock. */
    async function ticket(
      durationMs: number,
      expect: Expectation | undefined,
      clock = fakeClock(),
    ): Promise<{ polls: number; lateMs: number }> {
      const start = clock.now();
      let polls = 0;
      await pollUntil({
        what: "deploy ticket",
        fetch: async () => {
          polls++;
          return clock.now() - start >= durationMs;
        },
        stateOf: (done) => (done ? "FINISHED" : "EXECUTING"),
        isDone: (done) => done,
        deadline: { at: start + 48 * 3_600_000, label: "test" },
        log: { info: () => undefined, warn: () => undefined },
        clock,
        expect,
      });
      return { polls, lateMs: clock.now() - start - durationMs };
    }

    it("polls a few times, close to the finish, once one ticket of the kind was seen", async () => {
      for (const durationMs of [800, 3_000, 60_000, 600_000]) {
        const learner = new DurationLearner();
        const first = await ticket(durationMs, learner.expectation(KEY));
        assert.ok(first.polls > 4, "no history: the proportional schedule");
        for (let i = 0; i < 3; i++) {
          const next = await ticket(durationMs, learner.expectation(KEY));
          assert.ok(next.polls <= 4, `${durationMs} ms ticket: ${next.polls} polls`);
          const allowed = Math.max(100, 0.02 * durationMs);
          assert.ok(next.lateMs <= allowed, `${durationMs} ms ticket noticed ${next.lateMs} ms late`);
        }
      }
    });

    it("keeps the kinds, namespaces and engine versions apart, with the endpoint's kind as a prior", async () => {
      const learner = new DurationLearner();
      await ticket(5_000, learner.expectation(KEY));
      assert.ok(learner.expectation(KEY).window(), "learned");
      assert.equal(learner.expectation({ ...KEY, kind: "validate" }).window(), undefined);
      assert.equal(learner.expectation({ ...KEY, endpoint: "other:1" }).window(), undefined);
      const otherNamespace = learner.expectation({ ...KEY, namespace: "ws/other" }).window();
      assert.ok(otherNamespace && otherNamespace.startMs > 4_000, "same endpoint and kind: a prior");
    });

    it("meets the target from the second ticket when the first had only another namespace's prior", async () => {
      const learner = new DurationLearner();
      // Another namespace saw tickets of 500 ms and 2140 ms: a wide prior, [about 400, 2155] ms.
      const other = learner.expectation({ ...KEY, namespace: "ws/other" });
      other.record(400, 500);
      other.record(2_100, 2_140);
      const first = await ticket(2_000, learner.expectation(KEY));
      assert.ok(first.lateMs <= 150, `the first, on the prior: ${first.lateMs} ms late`);
      // Crossing the prior in three long steps would have taught a window 600 ms wide.
      const window = learner.expectation(KEY).window();
      assert.ok(window && !window.prior && window.endMs - window.startMs <= 200, JSON.stringify(window));
      const next = await ticket(2_000, learner.expectation(KEY));
      assert.ok(next.polls <= 4, `${next.polls} polls`);
      assert.ok(next.lateMs <= 100, `noticed ${next.lateMs} ms late`);
    });

    it("falls back to the proportional schedule when a wait runs past the prediction", async () => {
      const learner = new DurationLearner();
      await ticket(2_000, learner.expectation(KEY));
      await ticket(2_000, learner.expectation(KEY));
      const late = await ticket(20_000, learner.expectation(KEY));
      assert.ok(late.lateMs <= 0.05 * 20_000 + 1, `noticed ${late.lateMs} ms late`);
      assert.ok(late.polls <= 60, `${late.polls} polls`);
      // The long one is history now: the window widens to cover it, and still polls a few times.
      const window = learner.expectation(KEY).window();
      assert.ok(window && window.endMs >= 20_000);
    });

    it("a wait under way takes up what a concurrent wait just learned", async () => {
      const learner = new DurationLearner();
      const clock = fakeClock();
      let polls = 0;
      let learnedAtPoll = 0;
      await pollUntil({
        what: "deploy ticket",
        fetch: async () => {
          polls++;
          if (clock.now() >= 1_000 && learnedAtPoll === 0) {
            // Another resource's identical ticket, started at the same time, finished at 30 s.
            learner.expectation(KEY).record(29_900, 30_000);
            learnedAtPoll = polls;
          }
          return clock.now() >= 30_000;
        },
        stateOf: (done) => (done ? "FINISHED" : "EXECUTING"),
        isDone: (done) => done,
        deadline: { at: 3_600_000, label: "test" },
        log: { info: () => undefined, warn: () => undefined },
        clock,
        expect: learner.expectation(KEY),
      });
      assert.ok(polls - learnedAtPoll <= 3, `${polls - learnedAtPoll} polls after learning`);
      assert.ok(clock.now() - 30_000 <= 100, `noticed ${clock.now() - 30_000} ms late`);
    });

    it("persists in a small per-user cache file, atomically, and survives corruption", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flink-cache-"));
      try {
        assert.equal(cacheDirectory({ PULUMI_ALICLOUD_FLINK_CACHE_DIR: dir }), dir);
        assert.equal(
          cacheDirectory({ HOME: "/home/u" }),
          path.join("/home/u", ".cache", "pulumi-alicloud-flink"),
        );
        assert.equal(cacheDirectory({}), undefined, "no directory named: nothing persisted");
        const clock = fakeClock();
        const first = new DurationLearner(new DurationCacheFile(dir, clock));
        await ticket(4_000, first.expectation(KEY), clock);
        // The write is at most once a second; the first one goes at once.
        const file = path.join(dir, "durations.json");
        const text = fs.readFileSync(file, "utf8");
        assert.ok(text.length < 400, `${text.length} bytes`);
        assert.ok(!text.includes("ws/ns") && !text.includes("e:1"), "keys are hashed");
        assert.deepEqual(
          fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")),
          [],
          "no temporary file left",
        );
        const next = new DurationLearner(new DurationCacheFile(dir, clock));
        const again = await ticket(4_000, next.expectation(KEY), clock);
        assert.ok(again.polls <= 4, `a new process predicts from the file: ${again.polls} polls`);
        fs.writeFileSync(file, '{"format":2,"entries":{"zz":');
        const fresh = new DurationLearner(new DurationCacheFile(dir, clock));
        assert.equal(fresh.expectation(KEY).window(), undefined, "a corrupt file is an empty cache");
        await ticket(4_000, fresh.expectation(KEY), clock);
        assert.ok(JSON.parse(fs.readFileSync(file, "utf8")).format === 2, "and is replaced");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
