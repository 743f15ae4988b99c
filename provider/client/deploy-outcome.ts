/**
 * What a GetDeployDeploymentDraftResult means. The documented example
 * (api-ververica-2022-07-18-getdeploydeploymentdraftresult) is a deploy whose validation failed:
 * `ticketStatus: FINISHED`, `success: true`, `message: "Validation error: SQL validate failed"` and
 * `artifactValidationDetail.errorDetails` — so `success` alone does not say the deploy happened.
 *
 * Rule: not FINISHED/FAILED → pending; FAILED → failed; FINISHED is a success only with
 * `success !== false`, a `deploymentId`, and no `artifactValidationDetail.errorDetails`.
 */
import type { AsyncDraftDeployResult, ValidationErrorDetails } from "./models";

export type DeployOutcome =
  | { state: "pending"; ticketStatus: string }
  | { state: "succeeded"; deploymentId: string; message: string }
  | { state: "failed"; message: string; errorDetails?: ValidationErrorDetails };

export function deployOutcome(result: AsyncDraftDeployResult): DeployOutcome {
  const status = result.ticketStatus ?? "";
  if (status !== "FINISHED" && status !== "FAILED") return { state: "pending", ticketStatus: status };
  const errorDetails = result.artifactValidationDetail?.errorDetails;
  const message = result.message ?? "";
  if (status === "FAILED" || result.success === false) {
    return { state: "failed", message: message || "the deploy ticket failed", errorDetails };
  }
  if (errorDetails !== undefined) {
    return { state: "failed", message: message || "the deploy's validation failed", errorDetails };
  }
  if (!result.deploymentId) {
    return { state: "failed", message: message || "the deploy finished without a deployment ID" };
  }
  return { state: "succeeded", deploymentId: result.deploymentId, message };
}
