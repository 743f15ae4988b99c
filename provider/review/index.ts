// Review of a DeployedDraft change for people: statement changes, job impact,
// state compatibility by Alibaba's published rules, resources; and the PR
// report built from `pulumi preview --json`. See README.md in this folder.
export { checkStateCompatibility } from "./state-compatibility";
export type {
  CompatibilityContext,
  CompatibilityReason,
  CompatibilityResult,
  Verdict,
} from "./state-compatibility";
export {
  buildReview,
  renderReview,
  stateCompatibilityPolicy,
  formatReviewDiagnostic,
  parseReviewDiagnostics,
  ReviewSchema,
  REVIEW_DIAGNOSTIC_PREFIX,
  JOB_IMPACTS,
} from "./review";
export type {
  Review,
  ReviewRequest,
  ReviewSide,
  JobImpact,
  CompatibilityPolicy,
  UpgradeStrategy,
  ResourceAmount,
  StatementChange,
} from "./review";
export { readPreview, renderReport, worstVerdict } from "./report";
export type { PreviewReading } from "./report";
export { SOURCES as PUBLISHED_RULES } from "./rules";
