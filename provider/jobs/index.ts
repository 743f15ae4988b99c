/**
 * Everything the provider does to a deployment's job, behind one module:
 * statuses and what they mean for `jobState` (status.ts), the operations that
 * wait for their outcome — stop with its savepoint, start with a restore
 * strategy, the health gate, stop-all before a delete (operations.ts) — and
 * bringing the job to the desired state after a deploy (reconcile.ts).
 */
export { FINAL_JOB_STATUSES, LIVE_JOB_STATUSES, NOT_STARTED, observedJobState } from "./status";
export {
  awaitHealthy,
  currentJob,
  currentJobOf,
  isLive,
  JobUnhealthyError,
  recordJob,
  startJob,
  statusOf,
  stopAllJobs,
  stopJob,
} from "./operations";
export { reconcileJob, UpgradeFailedError, type DeployedContent, type SettingsContext } from "./reconcile";
export {
  applySettings,
  autotuningOf,
  hasOwnedSettings,
  ownedSettings,
  type SettingsOutcome,
} from "./settings";
export { diagnoseJob } from "./diagnosis";
