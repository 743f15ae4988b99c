/**
 * What every lifecycle function derives from its inputs: settings with
 * defaults, the logger, the API scope and the client.
 */
import type { Scope } from "../client";
import { effectiveSettings, type DeployedDraftInputs, type EffectiveSettings } from "../inputs";
import { resourceLogger, type Logger } from "../log";
import { autoName } from "../naming";
import type { ServiceFacts } from "../outputs";
import { sqlHash } from "../sql";

export type NamedInputs = DeployedDraftInputs & { name: string };

/** `check` normally fills `name`; callers that skipped it (tests, old states) get one here. */
export function withName(inputs: DeployedDraftInputs): NamedInputs {
  return { ...inputs, name: inputs.name ?? autoName(inputs.__resourceName, inputs.__owner) };
}

export interface Prepared {
  inputs: NamedInputs;
  settings: EffectiveSettings;
  scope: Scope;
  log: Logger;
}

export function prepare(inputs: DeployedDraftInputs): Prepared {
  const named = withName(inputs);
  return {
    inputs: named,
    settings: effectiveSettings(named),
    scope: { workspace: named.workspace, namespace: named.namespace },
    log: resourceLogger(named.__resourceName ?? named.name),
  };
}

/** Records what was just written to the draft, to tell our edits from others' later. */
export function recordDraftWrite(facts: ServiceFacts, inputs: NamedInputs): void {
  facts.draftSqlHash = sqlHash(inputs.sql);
  facts.draftEngineVersion = inputs.engineVersion;
}
