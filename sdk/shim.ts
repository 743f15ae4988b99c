import type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * The dynamic provider that Pulumi serializes into every DeployedDraft's state.
 *
 * Pulumi copies whatever a provider object captures into state, by value, twice
 * per resource (shared reference pulumi-dynamic.md §1.4): an SDK client would put
 * ~85 KB and the AccessKey secret there. So this object captures nothing. Each
 * method requires the implementation by package name when it is called, which
 * also means `pulumi refresh` and `pulumi destroy` run the installed provider code
 * rather than a copy frozen at the last update. Credentials are read by the
 * provider at call time (stack config through `configure`, or the environment).
 *
 * Keep this file free of imports used at run time and of syntax newer than
 * ES2020: the serializer parses the compiled methods.
 */
// Arrow functions with the package name written out: the serializer wraps every
// function and repeats captured variables in each wrapper, so this is the
// smallest form (about 2.1 KB; the previous form with method bodies and
// comments was 2.6 KB). `configure` forwards synchronously on purpose: Pulumi
// does not wait for it before serving concurrent calls (pulumi-dynamic.md §2).
export const deployedDraftProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-alicloud-flink/provider").configure(req.config),
  check: (olds, news) => require("pulumi-alicloud-flink/provider").check(olds, news),
  diff: (id, olds, news) => require("pulumi-alicloud-flink/provider").diff(id, olds, news),
  create: (inputs) => require("pulumi-alicloud-flink/provider").create(inputs),
  read: (id, props) => require("pulumi-alicloud-flink/provider").read(id, props),
  update: (id, olds, news) => require("pulumi-alicloud-flink/provider").update(id, olds, news),
  delete: (id, props) => require("pulumi-alicloud-flink/provider").delete(id, props),
};
