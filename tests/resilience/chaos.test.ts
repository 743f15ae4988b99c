/**
 * Chaos: the emulator answers 5 % of requests with HTTP 500, 5 % with 503,
 * resets 5 % of connections, delays 10 % by 250 ms and throttles each
 * AccessKey to fewer requests per second than the stack sends. `pulumi up` of
 * 20 DeployedDrafts, an update of all of them and `destroy` must each succeed
 * at the first attempt, and the emulator must then hold exactly the desired
 * drafts and deployments: no duplicate, no orphan.
 *
 * The fault PRNG is seeded (CHAOS_SEED overrides the seed), so the sequence of
 * faults is fixed; which request draws which fault still depends on the order
 * in which concurrent requests arrive.
 */
import { strict as assert } from "node:assert";
import { z } from "zod";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import type { CommandResult, PulumiStack } from "../../scripts/lib/pulumi-stack";
import {
  admin,
  assertExact,
  census,
  createFleetStack,
  outputNames,
  printFigures,
  setConfig,
  stateDrafts,
} from "../e2e/resilience-support";

const DRAFTS = 20;
const SEED = Number(process.env.CHAOS_SEED ?? 20261122);
/** Large enough never to run out; what is left tells how often each rule fired. */
const BUDGET = 1_000_000;
const RULES = [
  { operation: "*", kind: "http500", probability: 0.05, times: BUDGET },
  { operation: "*", kind: "http503", probability: 0.05, times: BUDGET },
  { operation: "*", kind: "reset", probability: 0.05, times: BUDGET },
  { operation: "*", kind: "latency", probability: 0.1, latencyMs: 250, times: BUDGET },
] as const;
const REQUESTS_PER_SECOND = 15;

const FaultListSchema = z.array(z.object({ kind: z.string(), times: z.number().optional() }));

describe("e2e resilience: chaos (faults, resets, latency, throttling)", function () {
  // Each phase takes well under a minute on 2 cores; the bound is generous for slow CI machines.
  this.timeout(600_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack;
  const totals = { requests: 0, faults: 0, throttled: 0, retries: 0, ms: 0 };

  before(async () => {
    emulator = await startEmulator({ ticketMs: 100 });
    stack = await createFleetStack(emulator, { count: DRAFTS, revision: 0 });
    await admin(emulator, "POST", "faults", { seed: SEED, rules: RULES });
    await admin(emulator, "POST", "throttle", { requestsPerSecond: REQUESTS_PER_SECOND });
  });

  after(async () => {
    if (emulator) {
      await admin(emulator, "POST", "faults", { rules: [] });
      await admin(emulator, "POST", "throttle", { requestsPerSecond: null });
    }
    if (stack) {
      await stack.destroy();
      stack.dispose();
    }
    if (emulator) await emulator.close();
    printFigures("chaos total", {
      scenarios: 3,
      requests: totals.requests,
      faultsInjected: totals.faults,
      throttled: totals.throttled,
      retries: totals.retries,
      durationS: (totals.ms / 1000).toFixed(1),
    });
  });

  /** How often each kind of fault fired so far. */
  async function faultsFired(): Promise<Record<string, number>> {
    const rules = FaultListSchema.parse(await admin(emulator, "GET", "faults"));
    const fired: Record<string, number> = { http500: 0, http503: 0, reset: 0, latency: 0 };
    for (const r of rules) fired[r.kind] = (fired[r.kind] ?? 0) + BUDGET - (r.times ?? BUDGET);
    return fired;
  }

  /** Retry lines the provider logged; the CLI repeats every log line in its closing Diagnostics section. */
  function retriesIn(output: string): number {
    const diagnostics = output.slice(output.lastIndexOf("Diagnostics:"));
    return (diagnostics.match(/retry \d+ in \d+ ms/g) ?? []).length;
  }

  /** Runs one phase and records its figures; the request log keeps the last 2000 entries. */
  async function phase(name: string, run: () => Promise<CommandResult>): Promise<CommandResult> {
    const started = Date.now();
    const logBefore = emulator.requestLog().length;
    const faultsBefore = await faultsFired();
    const result = await run();
    const entries = emulator.requestLog().slice(logBefore);
    assert.ok(logBefore + entries.length < 2000, "the request log must not wrap during the suite");
    const faultsAfter = await faultsFired();
    const fired = (kind: string) => faultsAfter[kind] - faultsBefore[kind];
    const figures = {
      requests: entries.length,
      faultsInjected: fired("http500") + fired("http503") + fired("reset") + fired("latency"),
      http500: fired("http500"),
      http503: fired("http503"),
      resets: fired("reset"),
      delayed: fired("latency"),
      throttled: entries.filter((e) => e.errorCode === "Throttling.User").length,
      retries: retriesIn(result.output),
      ms: Date.now() - started,
    };
    totals.requests += figures.requests;
    totals.faults += figures.faultsInjected;
    totals.throttled += figures.throttled;
    totals.retries += figures.retries;
    totals.ms += figures.ms;
    printFigures(`chaos ${name}`, { ...figures, ms: figures.ms });
    return result;
  }

  it(`up of ${DRAFTS} DeployedDrafts succeeds at the first attempt`, async () => {
    const up = await phase("up", () => stack.up());
    assert.equal(up.code, 0, up.output);
    const names = await outputNames(stack);
    assert.equal(new Set(names).size, DRAFTS);
    assertExact(census(emulator, names, await stateDrafts(stack)), DRAFTS);
  });

  it("an update of all of them succeeds at the first attempt", async () => {
    await setConfig(stack, "test:revision", "1");
    const up = await phase("update", () => stack.up());
    assert.equal(up.code, 0, up.output);
    const names = await outputNames(stack);
    assertExact(census(emulator, names, await stateDrafts(stack)), DRAFTS);
    for (const deployment of Object.values(emulator.snapshot().deployments)) {
      assert.match(
        deployment.artifact.sqlArtifact?.sqlScript ?? "",
        /SELECT id \+ 1,/,
        `deployment ${deployment.name} runs the updated query`,
      );
    }
  });

  it("destroy succeeds at the first attempt and leaves nothing", async () => {
    const destroy = await phase("destroy", () => stack.destroy());
    assert.equal(destroy.code, 0, destroy.output);
    assertExact(census(emulator, [], await stateDrafts(stack)), 0);
    assert.ok(totals.faults > 0, "faults were injected");
    assert.ok(totals.throttled > 0, `the stack exceeded the rate limit of ${REQUESTS_PER_SECOND}/s`);
  });
});
