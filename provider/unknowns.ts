/**
 * During `pulumi preview`, inputs that depend on other resources' outputs
 * reach check and diff as this magic string, even inside non-string fields
 * (pulumi/pulumi#6310). It equals `pulumi.runtime.unknownValue`; it is
 * repeated here so that the provider does not load @pulumi/pulumi's runtime.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value is, or contains, an unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
