import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft, type DeployedDraftArgs } from "pulumi-alicloud-flink";

// A test program whose DeployedDraft is described entirely by stack config, so
// that e2e scenarios change one input at a time with `pulumi config set`:
//   test:args           JSON of the DeployedDraft arguments (without workspace/namespace)
//   test:resourceName   the resource name (default "job")
//   test:secretVariable a secret local variable, added as ${secretVariable}
const flink = new pulumi.Config("alicloud-flink");
const test = new pulumi.Config("test");
type PlainArgs = Omit<DeployedDraftArgs, "workspace" | "namespace" | "localVariables"> & {
  localVariables?: Record<string, string>;
};
const args = JSON.parse(test.require("args")) as PlainArgs;
const secretVariable = test.getSecret("secretVariable");

const job = new DeployedDraft(test.get("resourceName") ?? "job", {
  workspace: flink.require("workspace"),
  namespace: flink.require("namespace"),
  ...args,
  localVariables: secretVariable ? { ...args.localVariables, secretVariable } : args.localVariables,
});

export const name = job.name;
export const deploymentDraftId = job.deploymentDraftId;
export const deploymentId = job.deploymentId;
export const sqlHash = job.sqlHash;
export const statementCount = job.statementCount;
