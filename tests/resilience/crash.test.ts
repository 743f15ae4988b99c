/**
 * Crash recovery: SIGKILL the `pulumi` CLI and every process it started
 * (language host, dynamic-provider process) while validate or deploy tickets
 * are running, then apply the recovery the README's troubleshooting section
 * documents:
 *
 *   pulumi cancel --yes                               # the killed run left the stack locked
 *   pulumi refresh --clear-pending-creates --yes      # drop "interrupted while creating" entries
 *   pulumi up                                         # adopts what the killed run created, resumes the rest
 *
 * and check that the emulator holds exactly the desired drafts and
 * deployments: no duplicate, no orphan, nothing pending in the state.
 */
import { strict as assert } from "node:assert";
import { z } from "zod";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import type { PulumiStack } from "../../scripts/lib/pulumi-stack";
import {
  admin,
  assertExact,
  census,
  createFleetStack,
  outputNames,
  printFigures,
  setConfig,
  spawnKillable,
  stateDrafts,
  waitUntil,
  type FleetSpec,
} from "../e2e/resilience-support";

const DRAFTS = 3;
/** Long enough that the kill lands while every ticket is still running. */
const SLOW_TICKET_MS = 10_000;
const FAST_TICKET_MS = 100;

const PendingSchema = z.object({
  deployment: z.object({ pending_operations: z.array(z.unknown()).optional() }),
});

describe("e2e resilience: crash recovery (SIGKILL mid-deploy)", function () {
  this.timeout(240_000);

  let emulator: RunningEmulator;
  let stack: PulumiStack | undefined;
  const figures = { scenarios: 0, kills: 0, duplicates: 0, orphans: 0 };

  beforeEach(async () => {
    emulator = await startEmulator({ ticketMs: FAST_TICKET_MS });
  });

  afterEach(async () => {
    if (stack) {
      await stack.run(["cancel", "--yes"]);
      await stack.destroy();
      stack.dispose();
      stack = undefined;
    }
    await emulator.close();
  });

  after(() => printFigures("crash", figures));

  /** Counts requests of one operation since `from` (an index into the request log). */
  const sent = (operation: string, from: number) =>
    emulator
      .requestLog()
      .slice(from)
      .filter((e) => e.action === operation && e.status === 200).length;

  /** Starts `pulumi up`, SIGKILLs its process group once `operation` was sent for every draft. */
  async function killDuring(target: PulumiStack, operation: string): Promise<void> {
    const from = emulator.requestLog().length;
    await admin(emulator, "POST", "durations", { validate: SLOW_TICKET_MS, deploy: SLOW_TICKET_MS });
    const run = spawnKillable(target, ["up", "--yes", "--skip-preview"]);
    try {
      await waitUntil(`${operation} for ${DRAFTS} drafts`, 120_000, () => sent(operation, from) >= DRAFTS);
    } finally {
      // CLI, language host, dynamic-provider process (and its shell wrapper).
      assert.ok(run.killTree() >= 3, "the CLI and the plugins it started were killed");
    }
    const killed = await run.done;
    assert.notEqual(killed.code, 0, `the killed run must not report success:\n${killed.output}`);
    figures.kills += 1;
    await admin(emulator, "POST", "durations", { validate: FAST_TICKET_MS, deploy: FAST_TICKET_MS });
  }

  /** The documented recovery, then the census. */
  async function recoverAndCheck(target: PulumiStack): Promise<void> {
    const cancel = await target.run(["cancel", "--yes"]);
    assert.equal(cancel.code, 0, cancel.output);
    const refresh = await target.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    assert.equal(refresh.code, 0, refresh.output);
    const up = await target.up();
    assert.equal(up.code, 0, up.output);

    const found = census(emulator, await outputNames(target), await stateDrafts(target));
    figures.scenarios += 1;
    figures.duplicates += found.duplicateNames.length;
    figures.orphans += found.orphans.length;
    assertExact(found, DRAFTS);
    const state = PendingSchema.parse(JSON.parse(await target.exportStateText()));
    assert.deepEqual(state.deployment.pending_operations ?? [], [], "no pending operation left in the state");

    const again = await target.up(["--expect-no-changes"]);
    assert.equal(again.code, 0, `a further up has nothing to do:\n${again.output}`);
  }

  async function fleet(spec: Omit<FleetSpec, "count">): Promise<PulumiStack> {
    stack = await createFleetStack(emulator, { count: DRAFTS, ...spec });
    return stack;
  }

  it("kill during create (autonamed drafts): cancel + up adopts them, no orphan", async () => {
    const target = await fleet({});
    await killDuring(target, "ValidateDeploymentDraftAsync");
    assert.equal(Object.keys(emulator.snapshot().drafts).length, DRAFTS, "the killed run created the drafts");
    await recoverAndCheck(target);
  });

  it("kill during create (explicit names): cancel + up adopts them, no orphan", async () => {
    const target = await fleet({ namePrefix: "crash-named" });
    await killDuring(target, "ValidateDeploymentDraftAsync");
    await recoverAndCheck(target);
  });

  it("kill during update (deploy tickets running): cancel + up finishes the update in place", async () => {
    const target = await fleet({});
    const first = await target.up();
    assert.equal(first.code, 0, first.output);
    const deploymentsBefore = Object.keys(emulator.snapshot().deployments).sort();

    await setConfig(target, "test:revision", "1");
    await killDuring(target, "DeployDeploymentDraftAsync");
    await recoverAndCheck(target);

    const snapshot = emulator.snapshot();
    assert.deepEqual(
      Object.keys(snapshot.deployments).sort(),
      deploymentsBefore,
      "the same deployments, updated",
    );
    for (const deployment of Object.values(snapshot.deployments)) {
      assert.match(deployment.artifact.sqlArtifact?.sqlScript ?? "", /SELECT id \+ 1,/, deployment.name);
    }
  });
});
