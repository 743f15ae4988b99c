import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft, type DeployedDraftArgs } from "pulumi-alicloud-flink";

// One DeployedDraft whose arguments come from stack config, deliberately
// untyped so that malformed values reach the provider's check:
//   test:args  JSON merged over { workspace, namespace }; the string "$unknown"
//              anywhere becomes a value that is unknown during preview, and
//              "sqlFile" (a path) replaces "sql" with that file's content
//              (for scripts too large for a command-line argument).
const flink = new pulumi.Config("alicloud-flink");
const test = new pulumi.Config("test");
const raw = JSON.parse(test.require("args")) as Record<string, unknown>;

// An output of a resource not created yet: unknown during preview.
class Later extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  constructor() {
    const provider: pulumi.dynamic.ResourceProvider = {
      async create() {
        return { id: "later", outs: { value: "known-after-create" } };
      },
    };
    super(provider, "later", { value: undefined });
  }
}
const unknown = new Later().value;

function withUnknowns(value: unknown): unknown {
  if (value === "$unknown") return unknown;
  if (Array.isArray(value)) return value.map(withUnknowns);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v)]));
  }
  return value;
}

const { sqlFile, ...rest } = raw;
const args = withUnknowns({
  workspace: flink.require("workspace"),
  namespace: flink.require("namespace"),
  ...rest,
  ...(typeof sqlFile === "string" ? { sql: fs.readFileSync(sqlFile, "utf8") } : {}),
}) as DeployedDraftArgs;

export const name = new DeployedDraft("job", args).name;
