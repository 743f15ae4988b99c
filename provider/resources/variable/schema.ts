/**
 * Variable: a namespace variable of Realtime Compute (Variable management),
 * referenced in SQL as `${secret_values.<name>}`. An Encrypted variable is
 * shown masked to everyone who can open a draft in the console, unlike a
 * value passed through a DeployedDraft's `localVariables`.
 */
import { z } from "zod";
import { defineResource, input, output } from "../../schema/resource-schema";
import { internalInputs, scopeInputs } from "../common";

/** The service documents no name rule; these are the characters a `${secret_values.name}` placeholder takes. */
const VariableNameSchema = z
  .string()
  .min(1, { message: "must not be empty" })
  .max(128, { message: "must be at most 128 characters" })
  .regex(/^[A-Za-z0-9_.-]+$/, {
    message:
      "must contain only letters, digits, '_', '.' and '-' (it is referenced as ${secret_values.<name>})",
  });

export const VariableSchema = defineResource({
  token: "alicloud-flink:Variable",
  schemaVersion: 1,
  inputs: {
    ...internalInputs,
    ...scopeInputs,
    name: input({
      schema: VariableNameSchema,
      class: "replace",
      required: true,
      type: "string",
      doc: "The variable's name, used in SQL as `${secret_values.<name>}`.",
      hint: 'a name such as "kafka_password"',
    }),
    value: input({
      schema: z.string(),
      class: "update",
      required: true,
      type: "string",
      doc:
        "The value. The SDK makes it a secret for an Encrypted variable: encrypted in state, masked in every " +
        "message, and shown as `******` by the service.",
      hint: "the value, e.g. config.requireSecret(...)",
    }),
    kind: input({
      schema: z.enum(["Encrypted", "Plain"]),
      class: "replace",
      type: '"Encrypted" | "Plain"',
      default: "Encrypted",
      doc: "Encrypted (shown masked in the console) or Plain. A change replaces the variable (assumed: the API has no conversion).",
      hint: '"Encrypted" or "Plain"',
    }),
    description: input({
      schema: z.string(),
      class: "update",
      type: "string",
      default: "",
      doc: "Shown in the console's variable list.",
    }),
  },
  outputs: {
    schemaVersion: output({
      schema: z.number(),
      type: "number",
      doc: "Version of the provider's state layout.",
    }),
  },
});

export type VariableInputs = z.output<typeof VariableSchema.inputObject>;
export type VariableUserInputs = Omit<z.input<typeof VariableSchema.inputObject>, `__${string}`>;
