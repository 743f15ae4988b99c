/** Unit: duration specs (fixed, ranges, speed, seed), their CLI text, and how explicit options override the config file. */
import assert from "node:assert/strict";
import { mergeOptions } from "../../emulator/config-file";
import { Durations, parseDurationText, type DurationSettings } from "../../emulator/durations";

const SETTINGS: DurationSettings = {
  validate: { min: 10, max: 20 },
  deploy: 100,
  jobStart: 0,
  jobStop: { min: 5, max: 5 },
  hotUpdate: 7,
  speed: 1,
  seed: 3,
};

describe("emulator durations (unit)", () => {
  it("draws ranges inclusively and reproducibly, and scales by speed", () => {
    const draws = (d: Durations): number[] => Array.from({ length: 50 }, () => d.draw("validate"));
    const first = draws(new Durations(SETTINGS));
    assert.deepEqual(draws(new Durations(SETTINGS)), first);
    assert.ok(first.every((ms) => Number.isInteger(ms) && ms >= 10 && ms <= 20));
    assert.ok(first.includes(10) && first.includes(20), "both ends can be drawn");
    const durations = new Durations({ ...SETTINGS, speed: 0.5 });
    assert.equal(durations.draw("deploy"), 50);
    assert.equal(durations.draw("jobStart"), 0);
    assert.equal(durations.draw("jobStop"), 3, "2.5 rounds to 3");
  });

  it("reseeds on reset and on a new seed", () => {
    const durations = new Durations(SETTINGS);
    const before = [durations.draw("validate"), durations.draw("validate")];
    durations.reseed();
    assert.deepEqual([durations.draw("validate"), durations.draw("validate")], before);
    durations.update({ seed: 99 });
    assert.equal(durations.view().seed, 99);
    assert.throws(() => durations.update({ validate: { min: 3, max: 1 } }), /validate/);
    assert.throws(() => durations.update({ speed: 0 }), /speed/);
  });

  it("parses CLI duration text", () => {
    assert.equal(parseDurationText("300"), 300);
    assert.deepEqual(parseDurationText("200-800"), { min: 200, max: 800 });
    assert.equal(parseDurationText("fast"), undefined);
    assert.equal(parseDurationText("-5"), undefined);
  });

  it("lets explicit options override the file", () => {
    const file = {
      workspaces: [{ id: "ws-file", namespaces: [{ name: "ns", deploymentTargets: ["q1"] }] }],
      validateMs: 5,
      deployMs: 6,
      speed: 2,
      port: 1234,
    };
    assert.deepEqual(mergeOptions(file, { speed: 0.5, port: undefined }), { ...file, speed: 0.5 });
    const ticket = mergeOptions(file, { ticketMs: { min: 1, max: 2 } });
    assert.equal(ticket.validateMs, undefined);
    assert.equal(ticket.deployMs, undefined);
    assert.deepEqual(ticket.ticketMs, { min: 1, max: 2 });
    assert.equal(mergeOptions(file, { namespace: "other" }).workspaces, undefined);
    assert.deepEqual(mergeOptions(file, { deploymentTargets: ["q2"] }).workspaces, [
      { id: "ws-file", namespaces: [{ name: "ns" }] },
    ]);
  });
});

describe("emulator log-normal durations (unit)", () => {
  const settings = (spec: DurationSettings["jobStart"], seed = 11): DurationSettings => ({
    validate: 0,
    deploy: 0,
    jobStart: spec,
    jobStop: 0,
    hotUpdate: 0,
    speed: 1,
    seed,
  });

  it("draws a seeded, right-skewed distribution with the given median and p95", () => {
    const durations = new Durations(settings({ median: 1000, p95: 4000 }));
    const draws = Array.from({ length: 4000 }, () => durations.draw("jobStart")).sort((a, b) => a - b);
    const median = draws[Math.floor(draws.length / 2)];
    const p95 = draws[Math.floor(draws.length * 0.95)];
    assert.ok(Math.abs(median - 1000) < 80, `median ${median}`);
    assert.ok(Math.abs(p95 - 4000) < 500, `p95 ${p95}`);
    assert.ok(draws.every((d) => d > 0));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    assert.ok(mean > median, "skewed right: the mean is above the median");
    const again = new Durations(settings({ median: 1000, p95: 4000 }));
    const replay = Array.from({ length: 5 }, () => again.draw("jobStart"));
    const first = new Durations(settings({ median: 1000, p95: 4000 }));
    assert.deepEqual(
      replay,
      Array.from({ length: 5 }, () => first.draw("jobStart")),
    );
  });

  it("parses median~p95 and refuses p95 below the median", () => {
    assert.deepEqual(parseDurationText("300~900"), { median: 300, p95: 900 });
    assert.throws(() => new Durations(settings(0)).update({ jobStart: { median: 900, p95: 300 } }), /median/);
  });
});
