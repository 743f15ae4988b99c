import type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * The DeployedDraft shim as SDKs before f33c5b1 wrote it (sdk/shim.ts then),
 * verbatim: a provider object that `pulumi.dynamic.Resource` hands Pulumi's
 * closure serializer, which writes it into state as ~2 KB of module text.
 * States written then hold it in their outputs; the provider module keeps
 * the exports it calls (provider/index.ts). Used by this program and by
 * tests/unit/sdk-shim.test.ts.
 */
export const serializedShim: dynamic.ResourceProvider = {
  configure: (r) => require("pulumi-alicloud-flink/provider").configure(r.config),
  check: (...a) => require("pulumi-alicloud-flink/provider").check(...a),
  diff: (...a) => require("pulumi-alicloud-flink/provider").diff(...a),
  create: (...a) => require("pulumi-alicloud-flink/provider").create(...a),
  read: (...a) => require("pulumi-alicloud-flink/provider").read(...a),
  update: (...a) => require("pulumi-alicloud-flink/provider").update(...a),
  delete: (...a) => require("pulumi-alicloud-flink/provider").delete(...a),
};
