import * as pulumi from "@pulumi/pulumi";
import { DynamicShimResource } from "./shim";
import { stackCaptureOff } from "./stack-capture";

export interface VariableArgs {
  /** Workspace ID (sent as the `workspace` header). Changing it replaces the variable. */
  workspace: pulumi.Input<string>;
  /** Namespace, e.g. "<workspace-name>-default". Changing it replaces the variable. */
  namespace: pulumi.Input<string>;
  /** The name, used in SQL as `${secret_values.<name>}`. Changing it replaces the variable. */
  name: pulumi.Input<string>;
  /**
   * The value. For an Encrypted variable (the default) it is made a secret here: encrypted in state,
   * masked in every message, and shown as `******` in the console.
   */
  value: pulumi.Input<string>;
  /** "Encrypted" (default: masked in the console) or "Plain". Changing it replaces the variable. */
  kind?: pulumi.Input<"Encrypted" | "Plain">;
  /** Shown in the console's variable list. */
  description?: pulumi.Input<string>;
}

/**
 * A namespace variable of Realtime Compute for Apache Flink (Variable management), referenced in a
 * DeployedDraft's SQL as `${secret_values.<name>}`. Unlike `localVariables`, whose values the service
 * stores in the draft and deployment for every console user to read, an Encrypted variable's value is
 * shown masked. Pass the Variable in the DeployedDraft's `variables` so that preview checks the
 * reference and the variable is created first.
 *
 * Drift: a deleted variable, or a changed kind or description, shows on refresh; the value of an
 * Encrypted variable cannot be read back, so a change of it made outside Pulumi is not seen.
 */
export class Variable extends DynamicShimResource {
  declare readonly workspace: pulumi.Output<string>;
  declare readonly namespace: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly value: pulumi.Output<string>;
  declare readonly kind: pulumi.Output<"Encrypted" | "Plain">;
  declare readonly description: pulumi.Output<string>;
  /** Version of the provider's state layout. */
  declare readonly schemaVersion: pulumi.Output<number>;

  constructor(name: string, args: VariableArgs, opts?: pulumi.CustomResourceOptions) {
    // A Plain variable is visible in the console anyway; any other is kept secret whatever was passed.
    const plain = args.kind === "Plain";
    const props = {
      kind: undefined,
      description: undefined,
      schemaVersion: undefined,
      ...args,
      value: plain ? args.value : pulumi.secret(args.value),
      __resourceName: name,
    };
    const options = plain
      ? opts
      : { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "value"] };
    // Pulumi's per-property promise stacks cost ~12 ms a resource here (stack-capture.ts).
    const restoreStackCapture = stackCaptureOff();
    try {
      super("Variable", name, props, options);
    } finally {
      restoreStackCapture();
    }
  }
}
