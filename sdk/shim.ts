import type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * The dynamic provider that Pulumi serializes into every DeployedDraft's state.
 *
 * Pulumi copies whatever a provider object captures into state, by value, twice
 * per resource (docs/design.md §3): an SDK client would put
 * ~85 KB and the AccessKey secret there. So this object captures nothing. Each
 * method requires the implementation by package name when it is called, which
 * also means `pulumi refresh` and `pulumi destroy` run the installed provider code
 * rather than a copy frozen at the last update. Credentials are read by the
 * provider at call time (stack config through `configure`, or the environment).
 *
 * Keep this file free of imports used at run time and of syntax newer than
 * ES2020: the serializer parses the compiled methods.
 */
// Arrow functions with rest parameters and the package name written out: the
// serializer wraps every function and repeats captured variables in each
// wrapper, so this is the smallest form (2000 bytes in state; method bodies
// with comments were 2.6 KB). `configure` forwards synchronously on purpose: Pulumi
// does not wait for it before serving concurrent calls (docs/design.md §4.2).
export const deployedDraftProvider: dynamic.ResourceProvider = {
  configure: (r) => require("pulumi-alicloud-flink/provider").configure(r.config),
  check: (...a) => require("pulumi-alicloud-flink/provider").check(...a),
  diff: (...a) => require("pulumi-alicloud-flink/provider").diff(...a),
  create: (...a) => require("pulumi-alicloud-flink/provider").create(...a),
  read: (...a) => require("pulumi-alicloud-flink/provider").read(...a),
  update: (...a) => require("pulumi-alicloud-flink/provider").update(...a),
  delete: (...a) => require("pulumi-alicloud-flink/provider").delete(...a),
};

/** The same for Variable: its methods live under `variable` in the provider module. */
export const variableProvider: dynamic.ResourceProvider = {
  configure: (r) => require("pulumi-alicloud-flink/provider").variable.configure(r.config),
  check: (...a) => require("pulumi-alicloud-flink/provider").variable.check(...a),
  diff: (...a) => require("pulumi-alicloud-flink/provider").variable.diff(...a),
  create: (...a) => require("pulumi-alicloud-flink/provider").variable.create(...a),
  read: (...a) => require("pulumi-alicloud-flink/provider").variable.read(...a),
  update: (...a) => require("pulumi-alicloud-flink/provider").variable.update(...a),
  delete: (...a) => require("pulumi-alicloud-flink/provider").variable.delete(...a),
};
