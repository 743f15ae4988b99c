/**
 * What the provider records when it writes the draft, to tell its own edits
 * from someone else's later (update's out-of-band check).
 */
import type { Facts } from "../../context";
import { sqlHash } from "../../sql";
import type { NamedInputs } from "./settings";

export function recordDraftWrite(facts: Facts, inputs: NamedInputs): void {
  facts.draftSqlHash = sqlHash(inputs.sql);
  facts.draftEngineVersion = inputs.engineVersion;
}
