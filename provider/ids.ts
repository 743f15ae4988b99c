/**
 * Resource IDs: the alicloud convention `<workspace>:<namespace>:<key>`
 * (a DeployedDraft's key is its deploymentDraftId, a Variable's its name).
 *
 * The parts are escaped (`%` → `%25`, `:` → `%3A`) so that an ID
 * round-trips whatever the service allows in a workspace or namespace; IDs
 * of parts without those characters read exactly as before.
 */
export interface ScopedId {
  workspace: string;
  namespace: string;
  key: string;
}

const escape = (part: string): string => part.replace(/%/g, "%25").replace(/:/g, "%3A");
const unescape = (part: string): string => part.replace(/%3A/gi, ":").replace(/%25/g, "%");

export function formatScopedId(workspace: string, namespace: string, key: string): string {
  return [workspace, namespace, key].map(escape).join(":");
}

/** `keyName` names the third part in the message, e.g. "deploymentDraftId". */
export function parseScopedId(id: string, type: string, keyName: string): ScopedId {
  const parts = id.split(":");
  if (parts.length !== 3 || parts.some((p) => p === "")) {
    throw new Error(`"${id}" is not a ${type} ID of the form <workspace>:<namespace>:<${keyName}>`);
  }
  const [workspace, namespace, key] = parts.map(unescape);
  return { workspace, namespace, key };
}

export interface ParsedId {
  workspace: string;
  namespace: string;
  deploymentDraftId: string;
}

export function formatId(workspace: string, namespace: string, deploymentDraftId: string): string {
  return formatScopedId(workspace, namespace, deploymentDraftId);
}

export function parseId(id: string): ParsedId {
  const { workspace, namespace, key } = parseScopedId(id, "DeployedDraft", "deploymentDraftId");
  return { workspace, namespace, deploymentDraftId: key };
}
