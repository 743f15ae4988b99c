import * as pulumi from "@pulumi/pulumi";
import { DeployedDraft } from "pulumi-alicloud-flink";
import { serializedShim } from "./serialized-shim";

// One DeployedDraft "job", registered as `test:shim` says:
//   "serialized": the way the SDK registered it before it wrote its own shim: a pulumi.dynamic.Resource
//                 whose provider object Pulumi's closure serializer writes into state (2 KB);
//   "current":    the SDK's DeployedDraft (sdk/shim.ts, one line).
// Same type token, name and inputs: the upgrade a user's stack goes through.
const flink = new pulumi.Config("alicloud-flink");
const test = new pulumi.Config("test");
const args = {
  workspace: flink.require("workspace"),
  namespace: flink.require("namespace"),
  sql: test.require("sql"),
  engineVersion: test.require("engineVersion"),
  healthySeconds: 0.3,
};

class SerializedShimDraft extends pulumi.dynamic.Resource {
  declare readonly deploymentId: pulumi.Output<string>;
  constructor(name: string) {
    const props = {
      deploymentId: undefined,
      ...args,
      __resourceName: name,
      __owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
      __secretInputs: [],
    };
    super(serializedShim, name, props, {}, "alicloud-flink", "DeployedDraft");
  }
}

const job =
  test.require("shim") === "serialized" ? new SerializedShimDraft("job") : new DeployedDraft("job", args);
export const deploymentId = job.deploymentId;
