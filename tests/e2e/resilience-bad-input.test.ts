/**
 * Bad input: a table of malformed DeployedDraft arguments, each previewed with
 * the real CLI. Every one must fail the preview with a message that names the
 * property and says how to fix it, and the emulator's request log must show
 * that nothing reached the API (for problems only the service can judge, such
 * as an unknown workspace: nothing but the read-only checks, and no draft).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../contract/emulator-support";
import { PulumiStack, REPO_ROOT } from "../../scripts/lib/pulumi-stack";
import { BASE_SQL, ENGINE } from "./configurable-stack";
import { emulatorStackOptions } from "../../scripts/lib/pulumi-stack";
import { printFigures, setConfig } from "./resilience-support";

const PROGRAM = path.join(REPO_ROOT, "tests", "e2e", "programs", "bad-input");
const BASE = { sql: BASE_SQL, engineVersion: ENGINE };
/** Previews run in parallel, each worker with its own emulator (so each request log is its own). */
const WORKERS = 2;

/** Where a rejection may come from: the provider alone, or the service's read-only checks. */
type Reach = "nothing" | "read-only checks";
const READ_ONLY = new Set([
  "ValidateSqlStatement",
  "ListDeploymentTargets",
  "ListEngineVersionMetadata",
  "ListDeploymentDrafts",
]);

interface BadInput {
  what: string;
  /** Merged over BASE; `undefined` removes a key. "$unknown" is a value unknown during preview. */
  args: Record<string, unknown>;
  /** The property the message must name. */
  property: string;
  /** What the message must say about the fix. */
  fix: RegExp;
  reach?: Reach;
}

const bigSqlFile = path.join(os.tmpdir(), `alicloud-flink-5mb-${process.pid}.sql`);

/**
 * What only the real CLI shows: how the engine prints check failures, values
 * unknown during preview, and the read-only service checks through the
 * dynamic-provider process. The full table (39 cases) runs in process against
 * `check`: tests/unit/provider-bad-input.test.ts.
 */
const CASES: BadInput[] = [
  {
    what: "engineVersion malformed",
    args: { engineVersion: "flink-1.17" },
    property: "engineVersion",
    fix: /vvr-/,
  },
  {
    what: "engineVersion wrong while sql is unknown",
    args: { sql: "$unknown", engineVersion: 42 },
    property: "engineVersion",
    fix: /vvr-/,
  },
  {
    what: "a misspelt property",
    args: { healthySecond: 5 },
    property: "healthySecond",
    fix: /did you mean healthySeconds/,
  },
  {
    what: "unknown workspace",
    args: { workspace: "ws-does-not-exist" },
    property: "workspace",
    fix: /does not exist|unknown|InvalidWorkspace|check the workspace/i,
    reach: "read-only checks",
  },
  {
    what: "sql of 5 MB",
    args: { sqlFile: bigSqlFile },
    property: "sql",
    fix: /MB|bytes|too (large|long)|at most/i,
  },
];

interface Worker {
  emulator: RunningEmulator;
  stack: PulumiStack;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("e2e resilience: bad input is rejected at preview", function () {
  this.timeout(600_000);

  const workers: Worker[] = [];
  const results = new Map<string, { output: string; code: number; requests: string[] }>();

  before(async () => {
    // 5 MB of SQL: the base job plus a long comment.
    fs.writeFileSync(bigSqlFile, `${BASE_SQL}\n-- ${"x".repeat(5 * 1024 * 1024)}\n`);
    for (let i = 0; i < WORKERS; i++) {
      const emulator = await startEmulator({ ticketMs: 50 });
      const base = emulatorStackOptions(emulator);
      const stack = await PulumiStack.create({
        programDir: PROGRAM,
        config: { ...base.config, "test:args": JSON.stringify(BASE) },
        env: base.env,
      });
      workers.push({ emulator, stack });
    }
    // Each worker previews its share of the table, one case at a time.
    await Promise.all(
      workers.map(async (worker, index) => {
        for (const testCase of CASES.filter((_, i) => i % WORKERS === index)) {
          await setConfig(worker.stack, "test:args", JSON.stringify({ ...BASE, ...testCase.args }));
          const before = worker.emulator.requestLog().length;
          const preview = await worker.stack.preview();
          const requests = worker.emulator
            .requestLog()
            .slice(before)
            .map((e) => e.action ?? `${e.method} ${e.path}`);
          results.set(testCase.what, { output: preview.output, code: preview.code, requests });
        }
      }),
    );
  });

  after(async () => {
    fs.rmSync(bigSqlFile, { force: true });
    let drafts = 0;
    for (const { emulator, stack } of workers) {
      drafts += Object.keys(emulator.snapshot().drafts).length;
      stack.dispose();
      await emulator.close();
    }
    const requests = [...results.values()].reduce((n, r) => n + r.requests.length, 0);
    const rejected = CASES.filter((c) => results.get(c.what)?.code !== 0).length;
    printFigures("bad input", {
      cases: CASES.length,
      rejectedAtPreview: rejected,
      apiRequests: requests,
      drafts,
    });
  });

  for (const testCase of CASES) {
    it(`${testCase.what}: rejected, naming ${testCase.property} and the fix`, () => {
      const result = results.get(testCase.what);
      assert.ok(result, "previewed");
      assert.notEqual(result.code, 0, `the preview must fail:\n${result.output.slice(0, 4000)}`);
      const problems = result.output
        .split("\n")
        .filter((line) => /error:|has a problem/.test(line))
        .join("\n")
        .slice(0, 4000);
      assert.match(
        problems,
        new RegExp(`\\b${escapeRegExp(testCase.property)}\\b`),
        `names the property ${testCase.property}:\n${problems}`,
      );
      assert.match(problems, testCase.fix, `says how to fix it (${testCase.fix}):\n${problems}`);
      const allowed = testCase.reach === "read-only checks" ? READ_ONLY : new Set<string>();
      const reached = result.requests.filter((action) => !allowed.has(action));
      assert.deepEqual(
        reached,
        [],
        `requests that reached the API during the preview: ${reached.join(", ")}`,
      );
    });
  }
});
