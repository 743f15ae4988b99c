import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft } from "pulumi-alicloud-flink";
import { smallScript } from "../../../scripts/bench/sql-scripts";

// A fleet of DeployedDrafts for the benchmarks (scripts/bench/fleet.ts), described by the
// environment rather than stack config: every `pulumi config set` is one more CLI start,
// which the benchmarks would otherwise pay per stack.
//   BENCH_WORKSPACE, BENCH_NAMESPACE  where the drafts go
//   BENCH_COUNT                       how many drafts (resources draft-0 … draft-N-1)
//   BENCH_SQL_FILE                    optional: every draft runs this script (else a small job of its own)
//   BENCH_PREVIEW                     optional: validation.preview of every draft ("server", "local", "off")
// The provider takes its endpoint and AccessKey from the environment too
// (ALIBABA_CLOUD_ENDPOINT_VERVERICA, ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET).
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; scripts/bench/pulumi-session.ts sets it.`);
  return value;
}

const workspace = required("BENCH_WORKSPACE");
const namespace = required("BENCH_NAMESPACE");
const count = Number(required("BENCH_COUNT"));
const sqlFile = process.env.BENCH_SQL_FILE;
const sharedSql = sqlFile ? fs.readFileSync(sqlFile, "utf8") : undefined;
const preview = process.env.BENCH_PREVIEW as "server" | "local" | "off" | undefined;

const drafts: DeployedDraft[] = [];
for (let i = 0; i < count; i++) {
  drafts.push(
    new DeployedDraft(`draft-${i}`, {
      workspace,
      namespace,
      engineVersion: "vvr-8.0.11-flink-1.17",
      sql: sharedSql ?? smallScript(i),
      validation: preview ? { preview } : undefined,
    }),
  );
}

export const deployed = pulumi
  .all(drafts.map((d) => d.deploymentId))
  .apply((ids) => ids.filter(Boolean).length);
