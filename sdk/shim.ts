import * as pulumi from "@pulumi/pulumi";

/**
 * The dynamic provider every DeployedDraft and Variable hands the Pulumi
 * engine: one line of module text, stored as the resource's `__provider`
 * property (docs/design.md §3).
 *
 * Pulumi's dynamic-provider host loads a resource's provider from that text
 * (`require-from-string`, then `exports.handler()`), and calls its
 * check/diff/create/read/update/delete. `pulumi.dynamic.Resource` writes
 * the text by running Pulumi's closure serializer over a provider object,
 * which wraps each of the seven methods in its own scaffolding: 2,000 bytes
 * for a shim whose methods only forward by package name. The engine stores
 * it twice per resource (inputs and outputs), sends it in every check and
 * diff and writes it to its log each time, so in a no-change preview of 100
 * drafts it was most of the bytes handled per resource (bench/RESULTS.md,
 * preview). So the SDK writes the module text itself: the same contract the
 * serializer's output meets, 80 bytes.
 *
 * The text requires the installed provider by package name when the host
 * loads it: state holds no code and no credentials, and `refresh` and
 * `destroy` run the code that is installed. Shims already in state (the
 * serialized kind) call the provider module's older exports, which
 * provider/index.ts keeps.
 */
export function providerModule(type: ShimType): string {
  return `exports.handler = () => require("pulumi-alicloud-flink/provider").${PROVIDER_EXPORTS[type]};\n`;
}

/** The provider module's export that serves each resource type (provider/index.ts). */
const PROVIDER_EXPORTS = {
  DeployedDraft: "deployedDraftProvider",
  Variable: "variableProvider",
} as const;

export type ShimType = keyof typeof PROVIDER_EXPORTS;

/**
 * A resource served by Pulumi's Node dynamic-provider host, as
 * `pulumi.dynamic.Resource` registers one: the type token
 * `pulumi-nodejs:dynamic/alicloud-flink:<type>` routes it to that host, and
 * `__provider` tells the host which provider to load.
 */
export abstract class DynamicShimResource extends pulumi.CustomResource {
  protected constructor(
    type: ShimType,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      `pulumi-nodejs:dynamic/alicloud-flink:${type}`,
      name,
      { ...props, __provider: providerModule(type) },
      opts,
    );
  }
}
