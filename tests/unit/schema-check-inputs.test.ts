/**
 * checkShapes parses each property once, by its own schema, rather than the
 * whole inputs object as well (a no-change preview pays it for every
 * resource). The resource's zod object stays the definition: these cases
 * check that the failures are exactly its issues, in its order, and that
 * values still unknown during preview are left alone.
 */
import { strict as assert } from "node:assert";
import { DeployedDraftSchema } from "../../provider/resources/deployed-draft/schema";
import { checkShapes } from "../../provider/schema/check-inputs";
import type { Fields } from "../../provider/schema/resource-schema";

const VALID: Fields = {
  workspace: "ws",
  namespace: "ns",
  sql: "INSERT INTO t SELECT 1;",
  engineVersion: "vvr-8.0.11-flink-1.17",
};

const CASES: { what: string; inputs: Fields }[] = [
  { what: "valid inputs", inputs: VALID },
  { what: "required properties missing", inputs: { workspace: "ws" } },
  { what: "an empty script", inputs: { ...VALID, sql: "   " } },
  {
    what: "several bad properties, nested among them",
    inputs: {
      ...VALID,
      lockPolicy: "sometimes",
      resources: { jobManager: { cpu: -1, memory: "lots" }, parallelism: 0 },
      healthySeconds: "five",
      timeouts: { create: "10" },
    },
  },
  { what: "a bad map key", inputs: { ...VALID, labels: { "": "x" } } },
  { what: "a bad internal input", inputs: { ...VALID, __secretInputs: "sql" } },
  { what: "an unknown key next to a bad value", inputs: { ...VALID, sqll: "x", jobState: "PAUSED" } },
];

/** What the whole-object parse reports: the path of each issue, and its message. */
function objectIssues(inputs: Fields): { property: string; message: string }[] {
  const result = DeployedDraftSchema.inputObject.safeParse(inputs);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => issue.code !== "unrecognized_keys")
    .map((issue) => ({ property: issue.path.map(String).join("."), message: issue.message }));
}

describe("checkShapes: one parse per property, the schema object's failures", () => {
  for (const { what, inputs } of CASES) {
    it(`${what}: the same failures as the whole-object parse, in its order`, () => {
      const { failures } = checkShapes(DeployedDraftSchema, "DeployedDraft", inputs, new Set());
      const shapes = failures.filter((f) => !/is not a DeployedDraft property/.test(f.reason));
      const expected = objectIssues(inputs);
      assert.deepEqual(
        shapes.map((f) => f.property),
        expected.map((e) => e.property),
      );
      shapes.forEach((failure, i) => {
        const { property, message } = expected[i] ?? { property: "?", message: "?" };
        const required = failure.reason.startsWith(`${property} is required.`);
        const bad = message.startsWith("Invalid key") || failure.reason.includes(message);
        assert.ok(required || bad, `${failure.reason} reports "${message}"`);
      });
    });
  }

  it("normalizes what parses, keeps internal inputs as given, and skips unknown values", () => {
    const { checked, failures } = checkShapes(
      DeployedDraftSchema,
      "DeployedDraft",
      { ...VALID, workspace: " ws ", sql: 42, __resourceName: "draft" },
      new Set(["sql"]),
    );
    assert.deepEqual(failures, [], "sql is unknown during preview: judged once known");
    assert.equal(checked.sql, 42, "an unknown value passes through untouched");
    assert.equal(checked.__resourceName, "draft");
    assert.equal(
      checked.workspace,
      DeployedDraftSchema.inputs.workspace.schema.parse(" ws "),
      "parsed by the property's schema",
    );
  });
});
