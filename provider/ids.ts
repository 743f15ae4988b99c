/**
 * Resource IDs: the alicloud convention `<workspace>:<namespace>:<id>`.
 *
 * The parts are escaped (`%` → `%25`, `:` → `%3A`) so that an ID
 * round-trips whatever the service allows in a workspace or namespace; IDs
 * of parts without those characters read exactly as before.
 */
export interface ParsedId {
  workspace: string;
  namespace: string;
  deploymentDraftId: string;
}

const escape = (part: string): string => part.replace(/%/g, "%25").replace(/:/g, "%3A");
const unescape = (part: string): string => part.replace(/%3A/gi, ":").replace(/%25/g, "%");

export function formatId(workspace: string, namespace: string, deploymentDraftId: string): string {
  return [workspace, namespace, deploymentDraftId].map(escape).join(":");
}

export function parseId(id: string): ParsedId {
  const parts = id.split(":");
  if (parts.length !== 3 || parts.some((p) => p === "")) {
    throw new Error(
      `"${id}" is not a DeployedDraft ID of the form <workspace>:<namespace>:<deploymentDraftId>`,
    );
  }
  const [workspace, namespace, deploymentDraftId] = parts.map(unescape);
  return { workspace, namespace, deploymentDraftId };
}
