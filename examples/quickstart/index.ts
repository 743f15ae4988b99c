import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft } from "pulumi-alicloud-flink";

// Where the job goes. `pulumi config set alicloud-flink:workspace <id>` etc.;
// `npm run demo` sets them to the local emulator's.
const config = new pulumi.Config("alicloud-flink");
const workspace = config.require("workspace");
const namespace = config.require("namespace");
const engineVersion = config.get("engineVersion") ?? "vvr-8.0.11-flink-1.17";

// The service's own example job: random rows from `datagen`, written to `blackhole`.
const job = new DeployedDraft("datagen-to-blackhole", {
  workspace,
  namespace,
  engineVersion,
  sql: `
    CREATE TEMPORARY TABLE datagen_source (
      name VARCHAR
    ) WITH (
      'connector' = 'datagen'
    );

    CREATE TEMPORARY TABLE blackhole_sink (
      name VARCHAR
    ) WITH (
      'connector' = 'blackhole'
    );

    INSERT INTO blackhole_sink
    SELECT name FROM datagen_source;
  `,
  // The job runs (the default, written out here): every `up` starts it if it is stopped, failed
  // or finished, and waits until it has been RUNNING for `healthySeconds` without restarts.
  jobState: "RUNNING",
  // A SQL or engine change stops the running job with a savepoint and starts the new version from it.
  upgradeStrategy: "savepoint",
});

export const draftName = job.name;
export const deploymentDraftId = job.deploymentDraftId;
export const deploymentId = job.deploymentId;
export const sqlHash = job.sqlHash;
export const jobId = job.jobId;
export const jobStatus = job.jobStatus;
export const lastSavepointId = job.lastSavepointId;
