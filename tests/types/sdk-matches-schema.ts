/**
 * Compile-time check (run by `npm run typecheck`): the SDK's DeployedDraftArgs
 * and the outputs declared on the DeployedDraft class match the provider's
 * schema. Adding a property to the schema without its SDK argument, or with
 * another type, fails the type check and names the property here.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DeployedDraft, DeployedDraftArgs } from "../../sdk/deployed-draft";
import type {
  DeployedDraftFacts,
  DeployedDraftInputs,
  DeployedDraftUserInputs,
} from "../../provider/resources/deployed-draft/schema";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The keys whose types differ, or that only one side has; `never` when they agree. */
type Mismatches<Actual, Expected> = {
  [K in keyof Actual | keyof Expected]: K extends keyof Actual
    ? K extends keyof Expected
      ? Same<Actual[K], Expected[K]> extends true
        ? never
        : K
      : K
    : K;
}[keyof Actual | keyof Expected];

/**
 * Each user input, as a program passes it once every `pulumi.Input` is resolved. `variables` takes
 * Variable resources in the SDK and reaches the provider as their names.
 */
type PlainArgs = Omit<pulumi.Unwrap<DeployedDraftArgs>, "variables"> & { variables?: string[] };
export const argsMatchSchema: [Mismatches<PlainArgs, DeployedDraftUserInputs>] extends [never]
  ? true
  : Mismatches<PlainArgs, DeployedDraftUserInputs> = true;

/** Every schema output is declared on the resource class, with its type. */
type DeclaredOutputs = {
  [K in keyof DeployedDraftFacts]-?: K extends keyof DeployedDraft
    ? DeployedDraft[K] extends pulumi.Output<infer T>
      ? NonNullable<T>
      : "not an Output"
    : "not declared";
};
type SchemaOutputs = { [K in keyof DeployedDraftFacts]-?: NonNullable<DeployedDraftFacts[K]> };
export const outputsMatchSchema: [Mismatches<DeclaredOutputs, SchemaOutputs>] extends [never]
  ? true
  : Mismatches<DeclaredOutputs, SchemaOutputs> = true;

/** Inputs echoed as outputs that the class declares keep the schema's type. */
type EchoedInputs = {
  [K in keyof DeployedDraftInputs & keyof DeployedDraft]-?: DeployedDraft[K] extends pulumi.Output<infer T>
    ? NonNullable<T>
    : never;
};
type SchemaEchoes = { [K in keyof EchoedInputs]-?: NonNullable<DeployedDraftInputs[K]> };
export const echoesMatchSchema: [Mismatches<EchoedInputs, SchemaEchoes>] extends [never]
  ? true
  : Mismatches<EchoedInputs, SchemaEchoes> = true;
