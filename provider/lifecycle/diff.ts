/**
 * diff: purely local, no network. `olds` are the stored outputs (upgraded to
 * the current layout), `news` the checked inputs. What counts comes from the
 * schema (resources/deployed-draft/schema.ts):
 *
 * - `replace` and `update` properties count, compared with defaults applied
 *   on both sides (an omitted executionMode equals "STREAMING"), or by the
 *   property's own `changed` rule: SQL by meaning (normalized statements,
 *   against both the SQL in state and the hash of the SQL last deployed, so
 *   a failed deploy is retried), `jobState` against the observed state, a
 *   folder only when a new one is set, the ownership label.
 * - `knob` properties never count: they shape the next start, stop or upgrade.
 * - Replaced: the `replace` properties. Delete-before-replace when the
 *   replacement reuses the name in the same namespace (names are unique
 *   there; autonames are derived from the owner, so they are reused too);
 *   otherwise the new draft is deployed before the old one goes.
 * - A state without deploymentId or sqlHash (a create that failed part-way)
 *   is a change, so the next `up` resumes.
 *
 * `stables` is not returned: the Node dynamic-provider host drops it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ProviderServices } from "../context";
import { resourceLogger } from "../log";
import { DeployedDraftSchema, defaultOf } from "../resources/deployed-draft/schema";
import { asRecord, changedProperties, isUndeployed } from "../resources/deployed-draft/changes";
import { Secrets } from "../secrets";
import { describeStatementChanges } from "../sql";
import { reviewChange } from "./review-change";

const REPLACING: ReadonlySet<string> = new Set(DeployedDraftSchema.keysOf("replace"));

export async function diff(
  services: ProviderServices,
  id: string,
  olds: unknown,
  news: unknown,
): Promise<dynamic.DiffResult> {
  const before = asRecord(olds);
  const after = asRecord(news);
  const changed = changedProperties(before, after);
  const resumes = isUndeployed(before);
  const replaces = changed.filter((key) => REPLACING.has(key));
  // Autonames are derived from the owner (naming.ts), so a replacement reuses them too.
  // Compared trimmed, as the service sees them: a replacement that addresses the very draft the old
  // resource holds must delete it first, never adopt it and then delete it from under itself.
  const same = (key: string): boolean => String(after[key] ?? "").trim() === String(before[key] ?? "").trim();
  const reusesName = same("name") && same("workspace") && same("namespace");

  if (changed.length > 0 || resumes) {
    const log = resourceLogger(services.sink, String(after.__resourceName ?? after.name ?? id));
    const secrets = Secrets.of(after);
    if (changed.includes("sql") && typeof before.sql === "string" && typeof after.sql === "string") {
      if (secrets.sqlIsSecret) log.info("sql changed (the statements are not shown: sql is a secret)");
      else
        for (const line of describeStatementChanges(before.sql, after.sql))
          log.info(secrets.mask(`sql ${line}`));
    }
    const resource = String(after.__resourceName ?? after.name ?? id);
    const plans = services.plans;
    const refusal = await reviewChange({ before, after, changed, replaces, resource, log, secrets, plans });
    if (refusal) throw new Error(`DeployedDraft ${resource}: ${refusal}`);
    if (changed.includes("jobState")) {
      const status = typeof before.jobStatus === "string" ? ` (job ${before.jobStatus})` : "";
      log.info(
        `jobState ${String(before.jobState)}${status} → ${String(after.jobState ?? defaultOf("jobState"))}`,
      );
    }
  }
  return {
    changes: changed.length > 0 || resumes,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && reusesName,
  };
}
