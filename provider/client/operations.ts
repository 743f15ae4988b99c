/**
 * The ververica 2022-07-18 operations the provider calls: one row per
 * operation, copied from the generated SDK (reference/flink-api.md §1.3, §8).
 *
 * `retry` says when a failed call may be sent again:
 * - "always": the operation is safe to repeat (a read, or a write whose second
 *   application leaves the same state), so throttling, 5xx and network errors
 *   are retried.
 * - "if-not-sent": repeating it could act twice (a second draft, a second
 *   ticket), so it is retried only when the request provably did not reach the
 *   service (connection refused, DNS failure) or was turned away by throttling.
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export type RetryRule = "always" | "if-not-sent";

export interface OperationSpec {
  method: HttpMethod;
  /** Path below `/api/v2/namespaces/{namespace}`; `{param}` segments are percent-encoded. */
  path: string;
  /** The path is below `/api/v2` itself: the operation belongs to no namespace. */
  global?: true;
  /** The path is below `/autopilot/v2/namespaces/{namespace}` (Autopilot), not `/api/v2/namespaces/{namespace}`. */
  root?: "autopilot";
  retry: RetryRule;
  /** Why the retry rule is safe; kept next to the rule so a reviewer can check it. */
  why: string;
}

export const OPERATIONS = {
  CreateDeploymentDraft: {
    method: "POST",
    path: "/deployment-drafts",
    retry: "if-not-sent",
    why: "a repeat after the first one landed would fail on the duplicate name",
  },
  GetDeploymentDraft: {
    method: "GET",
    path: "/deployment-drafts/{deploymentDraftId}",
    retry: "always",
    why: "read",
  },
  ListDeploymentDrafts: {
    method: "GET",
    path: "/deployment-drafts",
    retry: "always",
    why: "read",
  },
  UpdateDeploymentDraft: {
    method: "PATCH",
    path: "/deployment-drafts/{deploymentDraftId}",
    retry: "always",
    why: "the same sparse body applied twice leaves the same draft",
  },
  DeleteDeploymentDraft: {
    method: "DELETE",
    path: "/deployment-drafts/{deploymentDraftId}",
    retry: "always",
    why: "a repeat finds nothing (990301), which the caller counts as done",
  },
  GetDeploymentDraftLock: {
    method: "POST",
    path: "/deployment-drafts/getLock",
    retry: "always",
    why: "acquiring a lock the caller already holds changes nothing",
  },
  ValidateDeploymentDraftAsync: {
    method: "POST",
    path: "/deployment-drafts/async-validate",
    retry: "always",
    why:
      "validation has no effect beyond its ticket: a repeat after a lost response leaves one unread ticket " +
      "behind, and the provider waits on the ticket it was given",
  },
  GetValidateDeploymentDraftResult: {
    method: "GET",
    path: "/deployment-drafts/tickets/{ticketId}/async-validate",
    retry: "always",
    why: "read",
  },
  DeployDeploymentDraftAsync: {
    method: "POST",
    path: "/deployment-drafts/async-deploy",
    retry: "always",
    why:
      "a repeat deploys the same draft content to the same deployment again, which leaves the same " +
      "deployment; it never restarts a running job (the service only sets deploymentHasChanged), " +
      "and job restarts are the provider's separate, explicit step",
  },
  GetDeployDeploymentDraftResult: {
    method: "GET",
    path: "/deployment-drafts/tickets/{ticketId}/async-deploy",
    retry: "always",
    why: "read",
  },
  GetDeployment: {
    method: "GET",
    path: "/deployments/{deploymentId}",
    retry: "always",
    why: "read",
  },
  DeleteDeployment: {
    method: "DELETE",
    path: "/deployments/{deploymentId}",
    retry: "always",
    why: "a repeat finds nothing (990301), which the caller counts as done",
  },
  ListJobs: {
    method: "GET",
    path: "/jobs",
    retry: "always",
    why: "read",
  },
  GetJob: {
    method: "GET",
    path: "/jobs/{jobId}",
    retry: "always",
    why: "read",
  },
  StartJobWithParams: {
    // The SDK writes the colon pre-encoded; the service accepts both forms.
    method: "POST",
    path: "/jobs%3Astart",
    retry: "if-not-sent",
    why: "a repeat after the first one landed would start a second job, or be refused while the first runs",
  },
  StopJob: {
    // The SDK writes the colon pre-encoded; the service accepts both forms.
    method: "POST",
    path: "/jobs/{jobId}%3Astop",
    retry: "if-not-sent",
    why: "a second stop of a job already stopping is refused by the service, not ignored",
  },
  ListSavepoints: {
    method: "GET",
    path: "/savepoints",
    retry: "always",
    why: "read",
  },
  ValidateSqlStatement: {
    method: "POST",
    path: "/sql-statement/validate",
    retry: "always",
    why: "checks SQL without touching any draft",
  },
  ListEngineVersionMetadata: {
    method: "GET",
    path: "/engine-version-meta.json",
    global: true,
    retry: "always",
    why: "read",
  },
  ListDeploymentTargets: {
    method: "GET",
    path: "/deployment-targets",
    retry: "always",
    why: "read",
  },
  GetSavepoint: {
    method: "GET",
    path: "/savepoints/{savepointId}",
    retry: "always",
    why: "read",
  },
  CreateVariable: {
    method: "POST",
    path: "/variables",
    retry: "if-not-sent",
    why: "a repeat after the first one landed fails on the existing name; the caller then looks the name up",
  },
  ListVariables: {
    method: "GET",
    path: "/variables",
    retry: "always",
    why: "read",
  },
  UpdateVariable: {
    method: "PATCH",
    path: "/variables/{name}",
    retry: "always",
    why: "the same body applied twice leaves the same variable",
  },
  DeleteVariable: {
    method: "DELETE",
    path: "/variables/{name}",
    retry: "always",
    why: "a repeat finds nothing (990301), which the caller counts as done",
  },
  GetJobDiagnosis: {
    method: "GET",
    path: "/deployments/{deploymentId}/jobs/{jobId}/job-diagnoses/lite",
    retry: "always",
    why: "read",
  },
  GetEvents: {
    method: "GET",
    path: "/events",
    retry: "always",
    why: "read",
  },
  UpdateDeployment: {
    method: "PUT",
    path: "/deployments/{deploymentId}",
    retry: "always",
    why: "the whole deployment as body: applied twice it leaves the same deployment",
  },
  HotUpdateJob: {
    // The SDK writes the colon pre-encoded; the service accepts both forms.
    method: "POST",
    path: "/jobs/{jobId}%3AhotUpdate",
    retry: "if-not-sent",
    why: "a repeat after the first one landed would submit a second hot update of the same job",
  },
  GetHotUpdateJobResult: {
    method: "GET",
    path: "/jobs/hot-updates/{jobHotUpdateId}",
    retry: "always",
    why: "read",
  },
  GetAutopilotPolicy: {
    method: "GET",
    path: "/deployments/{deploymentId}/autopilotpolicy-describe",
    root: "autopilot",
    retry: "always",
    why: "read",
  },
  UpdateAutopilotPolicy: {
    method: "PUT",
    path: "/deployments/{deploymentId}/autopilotpolicy-update",
    root: "autopilot",
    retry: "always",
    why: "a full PUT: applied twice it leaves the same policy",
  },
  GetLatestJobStartLog: {
    method: "GET",
    path: "/deployments/{deploymentId}/latest_jobmanager_start_log",
    retry: "always",
    why: "read",
  },
} as const satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATIONS;

/**
 * Percent-encodes one path segment the way the SDK's OpenApiUtil.getEncodeParam
 * does: encodeURIComponent plus `!'()*`, which encodeURIComponent leaves alone.
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Builds the full pathname of an operation; every `{param}` must be supplied. */
export function buildPathname(
  operation: OperationName,
  namespace: string,
  params: Record<string, string> = {},
): string {
  const spec: OperationSpec = OPERATIONS[operation];
  const suffix = spec.path.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = params[key];
    if (value === undefined || value === "") {
      throw new Error(`${operation}: missing path parameter "${key}"`);
    }
    return encodePathSegment(value);
  });
  if (spec.global) return `/api/v2${suffix}`;
  if (spec.root === "autopilot") return `/autopilot/v2/namespaces/${encodePathSegment(namespace)}${suffix}`;
  return `/api/v2/namespaces/${encodePathSegment(namespace)}${suffix}`;
}
