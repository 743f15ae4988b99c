import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft, type DeployedDraftArgs } from "pulumi-alicloud-flink";

// A fleet of DeployedDrafts for the resilience suites, described by stack config:
//   test:count     how many drafts (resources draft-0 … draft-N-1)
//   test:revision  a number written into every query: changing it updates all drafts
//   test:args      optional JSON merged into every draft's arguments (lockPolicy, timeouts, …)
//   test:namePrefix optional: explicit names <prefix>-<i> instead of autonaming
const flink = new pulumi.Config("alicloud-flink");
const test = new pulumi.Config("test");
const count = test.requireNumber("count");
const revision = test.getNumber("revision") ?? 0;
const namePrefix = test.get("namePrefix");
const extra = JSON.parse(test.get("args") ?? "{}") as Partial<DeployedDraftArgs>;

function script(index: number): string {
  return `CREATE TEMPORARY TABLE src_${index} (id BIGINT, name STRING) WITH ('connector' = 'datagen');
CREATE TEMPORARY TABLE snk_${index} (id BIGINT, name STRING) WITH ('connector' = 'blackhole');
INSERT INTO snk_${index} SELECT id + ${revision}, name FROM src_${index};`;
}

const drafts: DeployedDraft[] = [];
for (let i = 0; i < count; i++) {
  drafts.push(
    new DeployedDraft(`draft-${i}`, {
      workspace: flink.require("workspace"),
      namespace: flink.require("namespace"),
      engineVersion: "vvr-8.0.11-flink-1.17",
      sql: script(i),
      name: namePrefix ? `${namePrefix}-${i}` : undefined,
      ...extra,
    }),
  );
}

export const names = drafts.map((d) => d.name);
export const deploymentIds = drafts.map((d) => d.deploymentId);
