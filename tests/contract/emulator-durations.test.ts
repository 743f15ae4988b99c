/**
 * Contract: ticket durations drawn from ranges with a seeded PRNG (reproducible runs), scaled by the
 * speed factor, and changed at run time through POST /__admin/durations.
 */
import assert from "node:assert/strict";
import { type EmulatorOptions, type RunningEmulator } from "../../emulator";
import {
  admin,
  callApi,
  createLockedDraft,
  makeClient,
  sqlDraft,
  VALID_SQL,
  startEmulator,
} from "./emulator-support";

let drafts = 0;

/** Submits `count` validate tickets and answers how long each is scheduled to take (ms). */
async function validateDurations(emulator: RunningEmulator, count: number): Promise<number[]> {
  const client = makeClient(emulator);
  const draftId = await createLockedDraft(client, emulator, sqlDraft(`timed-${(drafts += 1)}`, VALID_SQL));
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const submitted = await callApi(client, emulator, {
      action: "ValidateDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-validate",
      body: { deploymentDraftId: draftId },
    });
    ids.push(String((submitted.body.data as Record<string, unknown>).ticketId));
  }
  const tickets = emulator.snapshot().tickets;
  return ids.map((id) => tickets[id].finishAtMs - tickets[id].submittedAtMs);
}

async function withEmulator<T>(
  options: EmulatorOptions,
  use: (e: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

describe("emulator durations", () => {
  // 100-900 ms at speed 0.05: 5-45 ms.
  const RANGE: EmulatorOptions = { ticketMs: { min: 100, max: 900 }, speed: 0.05 };

  it("draws range durations from the seed, so the same seed replays the same durations", async () => {
    const first = await withEmulator({ ...RANGE, seed: 42 }, (e) => validateDurations(e, 6));
    const second = await withEmulator({ ...RANGE, seed: 42 }, (e) => validateDurations(e, 6));
    const other = await withEmulator({ ...RANGE, seed: 43 }, (e) => validateDurations(e, 6));
    assert.deepEqual(second, first);
    assert.notDeepEqual(other, first);
    for (const ms of [...first, ...other]) assert.ok(ms >= 5 && ms <= 45, `${ms} ms within 5-45`);
    assert.ok(new Set(first).size > 1, "a range gives different durations");
  });

  it("scales fixed durations by speed and changes them at run time", async () => {
    await withEmulator({ ticketMs: 400, speed: 0.1 }, async (emulator) => {
      assert.deepEqual(await validateDurations(emulator, 2), [40, 40]);
      const set = await admin(emulator, "POST", "durations", { validate: { min: 10, max: 10 }, speed: 2 });
      assert.deepEqual(set.body, {
        validate: { min: 10, max: 10 },
        deploy: 400,
        jobStart: 400,
        jobStop: 400,
        hotUpdate: 400,
        speed: 2,
        seed: 1,
      });
      assert.deepEqual(await validateDurations(emulator, 1), [20]);
      const inverted = await admin(emulator, "POST", "durations", { deploy: { min: 9, max: 3 } });
      assert.equal(inverted.status, 400);
      assert.match(JSON.stringify(inverted.body), /body\.deploy/);
      assert.equal((await admin(emulator, "POST", "durations", { speed: 0 })).status, 400);
    });
  });

  it("rejects bad duration options naming the option", async () => {
    await assert.rejects(startEmulator({ jobStopMs: { min: 5, max: 1 } }), /jobStopMs/);
    await assert.rejects(startEmulator({ speed: -1 }), /speed/);
  });

  it("takes log-normal {median, p95} durations from options and the admin API", async () => {
    const skewed = { median: 40, p95: 120 };
    const first = await withEmulator({ ticketMs: skewed, seed: 5 }, (e) => validateDurations(e, 4));
    const second = await withEmulator({ ticketMs: skewed, seed: 5 }, (e) => validateDurations(e, 4));
    assert.deepEqual(first, second, "the same seed replays the same skewed durations");
    await withEmulator({ ticketMs: 10 }, async (emulator) => {
      const set = await admin(emulator, "POST", "durations", { jobStart: { median: 100, p95: 400 } });
      assert.deepEqual((set.body as Record<string, unknown>).jobStart, { median: 100, p95: 400 });
      const bad = await admin(emulator, "POST", "durations", { jobStart: { median: 400, p95: 100 } });
      assert.equal(bad.status, 400);
    });
    await assert.rejects(startEmulator({ jobStartMs: { median: 0, p95: 1 } }), /jobStartMs/);
  });
});
