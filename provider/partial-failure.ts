/**
 * The rejection shape that tells the Pulumi engine "the resource exists but
 * did not finish": `{ message, id, properties, reasons }`
 * (docs/design.md §4.7). The engine stores the resource with these
 * properties and runs `update` on the next `up`, which resumes. A plain throw
 * after the draft exists would orphan it.
 *
 * `properties` must contain every input including `__provider`, or a later
 * read/delete cannot load the provider.
 */
import type { Facts } from "./context";
import { buildOutputs } from "./resources/deployed-draft/outputs";
import type { DeployedDraftInputs } from "./resources/deployed-draft/schema";
import { Secrets } from "./secrets";

export class PartialFailure extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(message: string, id: string, properties: Record<string, unknown>) {
    super(message);
    this.name = "PartialFailure";
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
  }
}

export function partialFailure(
  cause: unknown,
  id: string,
  inputs: DeployedDraftInputs,
  facts: Facts,
): PartialFailure {
  // Service messages can echo variable values and SQL, which may be secrets.
  const reason = Secrets.of(inputs).mask(cause instanceof Error ? cause.message : String(cause));
  const message =
    `${reason}\nThe draft ${facts.deploymentDraftId} exists and is kept in the stack; ` +
    "fix the cause and run `pulumi up` again to resume (or `pulumi destroy` to remove it).";
  return new PartialFailure(message, id, buildOutputs(inputs, facts));
}
