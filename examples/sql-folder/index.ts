import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft } from "pulumi-alicloud-flink";

// One DeployedDraft per .sql file in jobs/: adding a job is adding a file, and
// the pull request that adds it shows the SQL and, in `pulumi preview --diff`,
// exactly which jobs change.
const config = new pulumi.Config("alicloud-flink");
const shared = {
  workspace: config.require("workspace"),
  namespace: config.require("namespace"),
  engineVersion: config.get("engineVersion") ?? "vvr-8.0.11-flink-1.17",
  deploymentTarget: { name: config.get("queue") ?? "default-queue" },
  labels: { team: "data-platform", "managed-by": "pulumi" },
  // Values for ${...} placeholders in the SQL files. Secrets stay encrypted in state.
  localVariables: {
    rowsPerSecond: config.get("rowsPerSecond") ?? "10",
  },
};

const jobsDir = path.join(__dirname, "jobs");
const jobs = fs
  .readdirSync(jobsDir)
  .filter((file) => file.endsWith(".sql"))
  .sort()
  .map((file) => {
    const name = path.basename(file, ".sql");
    return new DeployedDraft(name, {
      ...shared,
      name, // the file name is the draft name: stable across stacks, readable in the console
      sql: fs.readFileSync(path.join(jobsDir, file), "utf8"),
    });
  });

export const deployments = pulumi
  .all(jobs.map((job) => pulumi.all([job.name, job.deploymentId])))
  .apply((pairs) => Object.fromEntries(pairs));
