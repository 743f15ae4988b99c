/**
 * Autonaming: `<resource name>-<7 hex>`, where the suffix is derived from the
 * resource's owner (`<project>/<stack>/<resource name>`), not random.
 *
 * Why deterministic: a `pulumi up` killed while it creates a draft leaves no
 * state behind, and the next `up` runs check again without the old inputs. A
 * random suffix would then name a second draft and orphan the first; a derived
 * one names the same draft, which create adopts by its ownership label.
 * Two stacks (or projects) never share a suffix, since the owner differs.
 *
 * Cost: a replacement of an autonamed draft in the same namespace reuses its
 * name, so it deletes the old draft first (diff's deleteBeforeReplace) — which
 * is also what a streaming job wants: never two copies writing to one sink.
 */
import { createHash, randomBytes } from "node:crypto";

const FALLBACK_PREFIX = "deployed-draft";

export function autoName(resourceName: string | undefined, owner: string | undefined): string {
  const prefix = resourceName && resourceName.trim() !== "" ? resourceName : FALLBACK_PREFIX;
  // States written by SDKs without an owner input keep the old, random behaviour.
  const suffix = owner
    ? createHash("sha256").update(owner).digest("hex").slice(0, 7)
    : randomBytes(4).toString("hex").slice(0, 7);
  return `${prefix}-${suffix}`;
}
