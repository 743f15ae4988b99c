/**
 * The DeployedDraft outputs: every input echoed (delete and read receive
 * outputs, not inputs) plus the facts the provider learned from the service,
 * as declared in the schema, and the schemaVersion of this layout.
 */
import type { Facts } from "../../context";
import { observedJobState } from "../../jobs";
import {
  DeployedDraftSchema,
  defaultOf,
  type DeployedDraftInputs,
  type DeployedDraftOutputs,
} from "./schema";

/** Outputs as a plain object the engine can store: no `undefined` values (protobuf Struct rejects them). */
export function buildOutputs(inputs: DeployedDraftInputs, facts: Facts): Record<string, unknown> {
  const outputs = {
    ...inputs,
    // The mode in effect, so `executionMode` is readable when the program left it to the default.
    executionMode: inputs.executionMode ?? defaultOf("executionMode"),
    ...facts,
    jobState: observedOrDesired(inputs, facts),
    schemaVersion: DeployedDraftSchema.schemaVersion,
  } satisfies DeployedDraftOutputs;
  return Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined));
}

/** The observed jobState when the job was looked at, else the desired one. */
function observedOrDesired(inputs: DeployedDraftInputs, facts: Facts): "RUNNING" | "STOPPED" {
  const desired = inputs.jobState ?? defaultOf("jobState");
  return facts.jobStatus === undefined
    ? desired
    : observedJobState(facts.jobStatus, inputs.executionMode, desired);
}
