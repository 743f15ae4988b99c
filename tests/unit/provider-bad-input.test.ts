/**
 * Bad input: a table of malformed DeployedDraft arguments, each given to the
 * provider's `check` in process (what `pulumi preview` calls), with
 * credentials for the in-process emulator so that the service's read-only
 * checks run too. Every one must fail with a message that names the property
 * and says how to fix it, and the emulator's request log must show that
 * nothing reached the API (for problems only the service can judge, such as
 * an unknown workspace: nothing but the read-only checks). The CLI's way of
 * printing these failures is shown by tests/e2e/resilience-bad-input.test.ts.
 */
import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../provider/unknowns";
import { startProviderFixture, SQL as BASE_SQL, type ProviderFixture } from "./provider-fixtures";

const ENGINE = "vvr-8.0.11-flink-1.17";

/** Where a rejection may come from: the provider alone, or the service's read-only checks. */
type Reach = "nothing" | "read-only checks";
const READ_ONLY = new Set([
  "ValidateSqlStatement",
  "ListDeploymentTargets",
  "ListEngineVersionMetadata",
  "ListDeploymentDrafts",
  "ListVariables",
  "GetSavepoint",
]);

interface BadInput {
  what: string;
  /** Merged over the fixture's inputs. "$unknown" is a value unknown during preview. */
  args: Record<string, unknown>;
  /** The property the message must name. */
  property: string;
  /** What the message must say about the fix. */
  fix: RegExp;
  reach?: Reach;
}

const CASES: BadInput[] = [
  // sql
  { what: "sql of the wrong type", args: { sql: 42 }, property: "sql", fix: /string|SQL script/i },
  { what: "sql empty", args: { sql: "" }, property: "sql", fix: /must contain SQL/i },
  { what: "sql only whitespace", args: { sql: " \n\t " }, property: "sql", fix: /must contain SQL/i },
  { what: "sql only comments", args: { sql: "-- nothing\n/* here */" }, property: "sql", fix: /statement/i },
  {
    what: "sql of 5 MB",
    args: { sql: `${BASE_SQL}\n-- ${"x".repeat(5 * 1024 * 1024)}\n` },
    property: "sql",
    fix: /MB|bytes|too (large|long)|at most/i,
  },
  {
    what: "sql with a NUL character",
    args: { sql: `${BASE_SQL}\u0000` },
    property: "sql",
    fix: /control character/i,
  },
  {
    what: "sql syntax error (validation.strict)",
    args: { sql: "SELEC id FROM src;", validation: { strict: true } },
    property: "sql",
    fix: /line 1|SELEC|syntax|mismatched|extraneous|no viable/i,
  },
  {
    what: "sql uses an undefined ${variable} (validation.strict)",
    args: { sql: BASE_SQL.replace("'datagen'", "'${connector}'"), validation: { strict: true } },
    property: "sql",
    fix: /add it to localVariables/i,
  },
  // engineVersion
  {
    what: "engineVersion of the wrong type",
    args: { engineVersion: 17 },
    property: "engineVersion",
    fix: /vvr-/,
  },
  { what: "engineVersion empty", args: { engineVersion: "" }, property: "engineVersion", fix: /vvr-/ },
  {
    what: "engineVersion malformed",
    args: { engineVersion: "flink-1.17" },
    property: "engineVersion",
    fix: /vvr-/,
  },
  {
    what: "engineVersion with trailing whitespace",
    args: { engineVersion: `${ENGINE} ` },
    property: "engineVersion",
    fix: /whitespace|vvr-/i,
  },
  {
    what: "engineVersion expired",
    args: { engineVersion: "vvr-4.0.18-flink-1.13" },
    property: "engineVersion",
    fix: /expired|EXPIRED|newer|supported/i,
    reach: "read-only checks",
  },
  {
    what: "engineVersion unknown to the service",
    args: { engineVersion: "vvr-99.0.0-flink-9.9" },
    property: "engineVersion",
    fix: /not (found|exist|supported|available)|unknown|supported/i,
    reach: "read-only checks",
  },
  // name
  { what: "name empty", args: { name: "" }, property: "name", fix: /must not be empty/i },
  { what: "name of 129 characters", args: { name: "n".repeat(129) }, property: "name", fix: /at most 128/i },
  { what: "name with a slash", args: { name: "team/job" }, property: "name", fix: /'\/'/ },
  {
    what: "name with a control character",
    args: { name: "job\tone" },
    property: "name",
    fix: /control character/i,
  },
  // executionMode, deploymentTarget
  {
    what: "executionMode misspelt",
    args: { executionMode: "stream" },
    property: "executionMode",
    fix: /STREAMING/,
  },
  {
    what: "deploymentTarget as a string",
    args: { deploymentTarget: "default-queue" },
    property: "deploymentTarget",
    fix: /\{ name:/,
  },
  {
    what: "deploymentTarget without name",
    args: { deploymentTarget: {} },
    property: "deploymentTarget.name",
    fix: /required|\{ name:/,
  },
  {
    what: "deploymentTarget that does not exist",
    args: { deploymentTarget: { name: "no-such-queue" } },
    property: "deploymentTarget",
    fix: /default-queue|ListDeploymentTargets|exist/i,
    reach: "read-only checks",
  },
  // localVariables
  {
    what: "localVariables as a list",
    args: { localVariables: ["a=b"] },
    property: "localVariables",
    fix: /map of variable name/,
  },
  {
    what: "localVariables value an object",
    args: { localVariables: { v: { nested: 1 } } },
    property: "localVariables.v",
    fix: /string/,
  },
  {
    what: "a misspelt property (healthySecond)",
    args: { healthySecond: 5 },
    property: "healthySecond",
    fix: /did you mean healthySeconds/,
  },
  {
    what: "a property in the wrong case (lockpolicy)",
    args: { lockpolicy: "wait" },
    property: "lockpolicy",
    fix: /did you mean lockPolicy/,
  },
  {
    what: "localVariables name with a space",
    args: { localVariables: { "my var": "x" } },
    property: "localVariables",
    fix: /must start with a letter/,
  },
  {
    what: "duplicate localVariables (differing only in case)",
    args: { localVariables: { kafka: "a", KAFKA: "b" } },
    property: "localVariables",
    fix: /rename/i,
  },
  // labels, dependencies, folder, knobs
  {
    what: "labels value not a string",
    args: { labels: { team: 7 } },
    property: "labels.team",
    fix: /string/,
  },
  {
    what: "additionalDependencies as a string",
    args: { additionalDependencies: "s3://bucket/udf.jar" },
    property: "additionalDependencies",
    fix: /array|list/i,
  },
  {
    what: "timeouts.create not a duration",
    args: { timeouts: { create: "forever" } },
    property: "timeouts.create",
    fix: /"90s"/,
  },
  { what: "lockPolicy unknown", args: { lockPolicy: "ignore" }, property: "lockPolicy", fix: /"steal"/ },
  {
    what: "onOutOfBandChange unknown",
    args: { onOutOfBandChange: "ignore" },
    property: "onOutOfBandChange",
    fix: /"warn"/,
  },
  // workspace, namespace
  { what: "workspace empty", args: { workspace: "" }, property: "workspace", fix: /workspace ID/ },
  {
    what: "unknown workspace",
    args: { workspace: "ws-does-not-exist" },
    property: "workspace",
    fix: /does not exist|unknown|InvalidWorkspace|check the workspace/i,
    reach: "read-only checks",
  },
  {
    what: "unknown namespace",
    args: { namespace: "no-such-namespace" },
    property: "namespace",
    fix: /does not exist|unknown|InvalidNamespace|check the namespace/i,
    reach: "read-only checks",
  },
  // unknown values: a bad sibling is still caught while other inputs are unknown
  {
    what: "engineVersion wrong while sql is unknown",
    args: { sql: "$unknown", engineVersion: 42 },
    property: "engineVersion",
    fix: /vvr-/,
  },
  {
    what: "lockPolicy wrong while a local variable is unknown",
    args: { localVariables: { v: "$unknown" }, lockPolicy: "ignore" },
    property: "lockPolicy",
    fix: /"steal"/,
  },
];

/**
 * The property a failure is about. Failures of sql and localVariables carry no property (the engine
 * would print its whole value, secrets and megabytes included) and start their reason with it instead.
 */
function propertyOf(failure: { property: string; reason: string }): string {
  return failure.property || (/^[\w.$ -]+?(?=:| is )/.exec(failure.reason)?.[0] ?? "");
}

function withUnknowns(value: unknown): unknown {
  if (value === "$unknown") return UNKNOWN;
  if (Array.isArray(value)) return value.map(withUnknowns);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v)]));
  }
  return value;
}

describe("provider check: bad input is rejected at preview", () => {
  let fx: ProviderFixture;
  before(async () => {
    fx = await startProviderFixture();
  });
  after(async () => {
    await fx.close();
  });

  it("has at least 30 cases", () => {
    assert.ok(CASES.length >= 30, `${CASES.length} cases`);
  });

  for (const testCase of CASES) {
    it(`${testCase.what}: rejected, naming ${testCase.property} and the fix`, async () => {
      const { name: _autonamed, healthySeconds: _gate, ...base } = fx.inputs({ engineVersion: ENGINE });
      const news = withUnknowns({ ...base, ...testCase.args });
      const before = fx.emulator.requestLog().length;
      const result = await fx.provider.check({}, news);
      const requests = fx.emulator
        .requestLog()
        .slice(before)
        .map((e) => e.action ?? `${e.method} ${e.path}`);
      const failures = result.failures ?? [];
      const text = failures.map((f) => `${propertyOf(f)}: ${f.reason}`).join("\n");
      assert.ok(
        failures.some(
          (f) => propertyOf(f) === testCase.property || propertyOf(f).startsWith(`${testCase.property}.`),
        ),
        `names the property ${testCase.property}:\n${text.slice(0, 2000)}`,
      );
      assert.match(text, testCase.fix, `says how to fix it (${testCase.fix}):\n${text.slice(0, 2000)}`);
      assert.ok(text.length < 10_000, `the message is bounded (${text.length} characters)`);
      const allowed = testCase.reach === "read-only checks" ? READ_ONLY : new Set<string>();
      const reached = requests.filter((action) => !allowed.has(action));
      assert.deepEqual(reached, [], `requests that reached the API: ${reached.join(", ")}`);
    });
  }
});
