/**
 * Autonaming, as Pulumi does for physical names: `<resource name>-<7 hex>`.
 * The random suffix lets a replacement create the new draft before deleting
 * the old one (names are unique in a namespace).
 */
import { randomBytes } from "node:crypto";

const FALLBACK_PREFIX = "deployed-draft";

export function autoName(resourceName: string | undefined): string {
  const prefix = resourceName && resourceName.trim() !== "" ? resourceName : FALLBACK_PREFIX;
  return `${prefix}-${randomBytes(4).toString("hex").slice(0, 7)}`;
}
