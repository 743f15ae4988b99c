import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft, type DeployedDraftArgs } from "pulumi-alicloud-flink";

// The configurable e2e program's DeployedDraft (args as JSON in `test:args`),
// marked retainOnDelete: `pulumi destroy` must leave the draft, the deployment
// and its running job alone.
const flink = new pulumi.Config("alicloud-flink");
const test = new pulumi.Config("test");
const args = JSON.parse(test.require("args")) as Omit<DeployedDraftArgs, "workspace" | "namespace">;

const job = new DeployedDraft(
  "retained",
  { workspace: flink.require("workspace"), namespace: flink.require("namespace"), ...args },
  { retainOnDelete: true },
);

export const deploymentId = job.deploymentId;
export const jobId = job.jobId;
