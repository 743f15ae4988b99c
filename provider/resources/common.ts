/**
 * Inputs every resource of this package has: the internal ones the SDK sets,
 * and the scope (workspace and namespace) whose change replaces the resource.
 */
import { z } from "zod";
import { input } from "../schema/resource-schema";

/** Identifiers are trimmed here, once: check returns them trimmed, so diff and create see the same value. */
export const nonEmpty = z.string().trim().min(1, { message: "must not be empty" });

export const internalInputs = {
  __provider: input({
    schema: z.string(),
    class: "internal",
    type: "string",
    doc: "The shim the dynamic-provider host loads the provider from (sdk/shim.ts).",
  }),
  __resourceName: input({
    schema: z.string(),
    class: "internal",
    type: "string",
    doc: "The Pulumi resource name (for autonames and log lines).",
  }),
};

export const scopeInputs = {
  workspace: input({
    schema: nonEmpty,
    class: "replace",
    required: true,
    type: "string",
    doc: "Workspace ID, sent as the `workspace` header.",
    hint: "the Flink workspace ID (sent as the `workspace` header)",
  }),
  namespace: input({
    schema: nonEmpty,
    class: "replace",
    required: true,
    type: "string",
    doc: "The namespace the resource lives in.",
    hint: 'the Flink namespace, e.g. "<workspace-name>-default"',
  }),
};
