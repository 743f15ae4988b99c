/**
 * Conflicts: two stacks working in one namespace at the same time, a console
 * user taking the draft's edit lock in the middle of an update (per
 * lockPolicy), and a console edit between two `up` runs.
 */
import { strict as assert } from "node:assert";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { BASE_SQL, ConfigurableStack, ENGINE } from "../e2e/configurable-stack";
import {
  admin,
  assertExact,
  census,
  createFleetStack,
  OWNER_LABEL,
  outputNames,
  printFigures,
  setConfig,
  stateDrafts,
  waitUntil,
} from "../e2e/resilience-support";

const V2 = BASE_SQL.replace("SELECT id, name", "SELECT id, UPPER(name)");
const V3 = BASE_SQL.replace("SELECT id, name", "SELECT id, LOWER(name)");
const CONSOLE_SQL = BASE_SQL.replace("SELECT id, name", "SELECT id * 100, name");
/** The emulator's default user, i.e. the identity the stacks use. */
const OUR_USER = { holderName: "emulator-user", holderId: "200000000000001" };

const figures = { scenarios: 0, duplicates: 0, orphans: 0 };

function tally(found: ReturnType<typeof census>): void {
  figures.scenarios += 1;
  figures.duplicates += found.duplicateNames.length;
  figures.orphans += found.orphans.length;
}

function onlyDraft(emulator: RunningEmulator) {
  const drafts = Object.values(emulator.snapshot().drafts);
  assert.equal(drafts.length, 1, "one draft");
  return drafts[0];
}

function deployedSql(emulator: RunningEmulator): string {
  const deployments = Object.values(emulator.snapshot().deployments);
  assert.equal(deployments.length, 1, "one deployment");
  return deployments[0].artifact.sqlArtifact?.sqlScript ?? "";
}

describe("e2e resilience: conflicts", function () {
  this.timeout(300_000);

  after(() => printFigures("conflicts", figures));

  it("two stacks manage different drafts in one namespace at the same time", async () => {
    const emulator = await startEmulator({ ticketMs: 100 });
    const a = await createFleetStack(emulator, { count: 4 });
    const b = await createFleetStack(emulator, { count: 4 });
    try {
      const ups = await Promise.all([a.up(), b.up()]);
      for (const up of ups) assert.equal(up.code, 0, up.output);
      const namesA = await outputNames(a);
      const namesB = await outputNames(b);
      const bothStates = [...(await stateDrafts(a)), ...(await stateDrafts(b))];
      let found = census(emulator, [...namesA, ...namesB], bothStates);
      tally(found);
      assertExact(found, 8);
      for (const draft of Object.values(emulator.snapshot().drafts)) {
        const owner = String(draft.labels?.[OWNER_LABEL]);
        const stack = namesA.includes(draft.name) ? a : b;
        assert.match(
          owner,
          new RegExp(`/${stack.stackName}/draft-\\d$`),
          `${draft.name} is labelled with its stack`,
        );
      }

      // A destroys while B updates: each touches only its own drafts.
      await setConfig(b, "test:revision", "1");
      const [destroyA, updateB] = await Promise.all([a.destroy(), b.up()]);
      assert.equal(destroyA.code, 0, destroyA.output);
      assert.equal(updateB.code, 0, updateB.output);
      found = census(emulator, namesB, await stateDrafts(b));
      tally(found);
      assertExact(found, 4);
      for (const deployment of Object.values(emulator.snapshot().deployments)) {
        assert.match(deployment.artifact.sqlArtifact?.sqlScript ?? "", /SELECT id \+ 1,/);
      }
    } finally {
      await b.destroy();
      a.dispose();
      b.dispose();
      await emulator.close();
    }
  });

  describe("a console user takes the lock in the middle of an update", () => {
    let emulator: RunningEmulator;
    let stack: ConfigurableStack;

    beforeEach(async () => {
      emulator = await startEmulator({ ticketMs: 100 });
    });
    afterEach(async () => {
      await admin(emulator, "POST", "lock", {
        namespace: emulator.namespace,
        deploymentDraftId: onlyDraft(emulator).deploymentDraftId,
        ...OUR_USER,
      });
      await stack.dispose();
      stack.stack.dispose();
      await emulator.close();
    });

    /** up v1, then an update to V2 during whose validation "alice" takes the lock. */
    async function interruptedUpdate(policy: Record<string, unknown>) {
      stack = await ConfigurableStack.create(emulator, { sql: BASE_SQL, engineVersion: ENGINE, ...policy });
      const first = await stack.stack.up();
      assert.equal(first.code, 0, first.output);
      const draftId = onlyDraft(emulator).deploymentDraftId;

      await stack.setArgs({ sql: V2, engineVersion: ENGINE, ...policy });
      await admin(emulator, "POST", "durations", { validate: 3_000 });
      const from = emulator.requestLog().length;
      const running = stack.stack.up();
      await waitUntil("the update's validation", 60_000, () =>
        emulator
          .requestLog()
          .slice(from)
          .some((e) => e.action === "ValidateDeploymentDraftAsync"),
      );
      await admin(emulator, "POST", "lock", {
        namespace: emulator.namespace,
        deploymentDraftId: draftId,
        holderName: "alice",
      });
      const interrupted = await running;
      await admin(emulator, "POST", "durations", { validate: 100 });
      return { interrupted, draftId };
    }

    it('lockPolicy "fail": the update stops naming the holder; nothing is duplicated', async () => {
      const { interrupted } = await interruptedUpdate({ lockPolicy: "fail" });
      assert.notEqual(interrupted.code, 0, "the deploy is refused while alice holds the lock");
      assert.match(interrupted.output, /alice/, "names the holder");
      const again = await stack.stack.up();
      assert.notEqual(again.code, 0, "fail policy: the next up refuses as well");
      assert.match(again.output, /locked by alice/);
      assert.match(again.output, /lockPolicy: "steal"/, "says how to proceed");
      assert.equal(emulator.snapshot().locks[onlyDraft(emulator).deploymentDraftId]?.holderName, "alice");
      const found = census(emulator, [onlyDraft(emulator).name]);
      tally(found);
      assertExact(found, 1);
      assert.doesNotMatch(deployedSql(emulator), /UPPER/, "V2 was never deployed");
    });

    it('lockPolicy "steal": the lock is taken back and V2 is deployed', async () => {
      const { interrupted } = await interruptedUpdate({ lockPolicy: "steal" });
      if (interrupted.code !== 0) {
        assert.match(interrupted.output, /alice/, "names the holder");
        const again = await stack.stack.up();
        assert.equal(again.code, 0, again.output);
        assert.match(again.output, /taking over the edit lock .* from alice/);
      }
      const found = census(emulator, [onlyDraft(emulator).name]);
      tally(found);
      assertExact(found, 1);
      assert.match(deployedSql(emulator), /UPPER\(name\)/);
      assert.equal(
        emulator.snapshot().locks[onlyDraft(emulator).deploymentDraftId]?.holderName,
        OUR_USER.holderName,
      );
    });

    it('lockPolicy "wait": the next up waits until alice hands the lock back', async () => {
      const { interrupted, draftId } = await interruptedUpdate({
        lockPolicy: "wait",
        lockWaitTimeout: "60s",
      });
      assert.notEqual(interrupted.code, 0, "the running deploy is refused while alice holds the lock");
      assert.match(interrupted.output, /alice/, "names the holder");
      const from = emulator.requestLog().length;
      const waiting = stack.stack.up();
      // The provider reads the draft once, then polls it while it waits: hand the lock back during the polls.
      await waitUntil(
        "the provider polling the locked draft",
        120_000,
        () =>
          emulator
            .requestLog()
            .slice(from)
            .filter((e) => e.action === "GetDeploymentDraft").length >= 3,
      );
      await admin(emulator, "POST", "lock", {
        namespace: emulator.namespace,
        deploymentDraftId: draftId,
        ...OUR_USER,
      });
      const resumed = await waiting;
      assert.equal(resumed.code, 0, resumed.output);
      assert.match(resumed.output, /alice/, `the wait names the holder:\n${resumed.output}`);
      const found = census(emulator, [onlyDraft(emulator).name]);
      tally(found);
      assertExact(found, 1);
      assert.match(deployedSql(emulator), /UPPER\(name\)/);
    });
  });

  it("an edit made in the console between two `up` runs is reported and handled per onOutOfBandChange", async () => {
    const emulator = await startEmulator({ ticketMs: 100 });
    const stack = await ConfigurableStack.create(emulator, {
      sql: BASE_SQL,
      engineVersion: ENGINE,
      lockPolicy: "steal",
    });
    const consoleEdit = () =>
      admin(emulator, "POST", "console-edit", {
        namespace: emulator.namespace,
        deploymentDraftId: onlyDraft(emulator).deploymentDraftId,
        holderName: "alice",
        sqlScript: CONSOLE_SQL,
      });
    try {
      assert.equal((await stack.stack.up()).code, 0);

      // "warn" (default): the next change is deployed over the console's edit, with a warning naming alice.
      await consoleEdit();
      await stack.setArgs({ sql: V2, engineVersion: ENGINE, lockPolicy: "steal" });
      const warned = await stack.stack.up();
      assert.equal(warned.code, 0, warned.output);
      assert.match(warned.output, /edited outside Pulumi .*by alice/s);
      assert.match(onlyDraft(emulator).artifact.sqlArtifact?.sqlScript ?? "", /UPPER\(name\)/);
      assert.match(deployedSql(emulator), /UPPER\(name\)/);

      // "fail": the edit is kept and the up stops, naming alice and the ways forward.
      await consoleEdit();
      await stack.setArgs({ sql: V3, engineVersion: ENGINE, lockPolicy: "steal", onOutOfBandChange: "fail" });
      const refused = await stack.stack.up();
      assert.notEqual(refused.code, 0);
      assert.match(refused.output, /edited outside Pulumi .*by alice/s);
      assert.match(refused.output, /pulumi refresh/);
      assert.equal(
        onlyDraft(emulator).artifact.sqlArtifact?.sqlScript,
        CONSOLE_SQL,
        "the console's edit is kept",
      );
      assert.match(deployedSql(emulator), /UPPER\(name\)/, "the deployment is untouched");

      // Without a program change, `up --refresh` sees the drift and restores the program's SQL.
      await stack.setArgs({ sql: V2, engineVersion: ENGINE, lockPolicy: "steal" });
      const restored = await stack.stack.up(["--refresh"]);
      assert.equal(restored.code, 0, restored.output);
      assert.match(onlyDraft(emulator).artifact.sqlArtifact?.sqlScript ?? "", /UPPER\(name\)/);
      const found = census(emulator, [onlyDraft(emulator).name]);
      tally(found);
      assertExact(found, 1);
    } finally {
      await stack.dispose();
      stack.stack.dispose();
      await emulator.close();
    }
  });
});
