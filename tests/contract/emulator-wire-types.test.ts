/**
 * Contract: every success body the emulator sends has exactly the SDK models' fields and JSON types
 * (strict zod mirrors of the `@alicloud/ververica20220718` models, see flink-api.md §1.5): no field the
 * SDK does not know, numbers where the SDK says number, strings where it says string.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { type RunningEmulator } from "../../emulator";
import {
  callApi,
  createLockedDraft,
  makeClient,
  runTicket,
  sleep,
  sqlDraft,
  VALID_SQL,
  type Call,
  startEmulator,
} from "./emulator-support";

const str = z.string();
const num = z.number();
const bool = z.boolean();
const anyMap = z.record(z.string(), z.unknown());

const LocalVariable = z.strictObject({ name: str, value: str });
const Artifact = z.strictObject({
  kind: str,
  sqlArtifact: z
    .strictObject({ sqlScript: str.optional(), additionalDependencies: z.array(str).optional() })
    .optional(),
  jarArtifact: anyMap.optional(),
  pythonArtifact: anyMap.optional(),
  cdcYamlArtifact: anyMap.optional(),
});
const Lock = z.strictObject({ id: str, holderId: str, holderName: str, namespace: str, workspace: str });
const DeploymentDraft = z.strictObject({
  artifact: Artifact,
  createdAt: num,
  creator: str,
  creatorName: str,
  deploymentDraftId: str,
  engineVersion: str.optional(),
  executionMode: str,
  labels: anyMap.optional(),
  localVariables: z.array(LocalVariable).optional(),
  lock: Lock.optional(),
  modifiedAt: num,
  modifier: str,
  modifierName: str,
  name: str,
  namespace: str,
  parentId: str.optional(),
  referencedDeploymentId: str.optional(),
  workspace: str,
});
const ResourceSpec = z.strictObject({ cpu: num, memory: str });
const BasicResourceSetting = z.strictObject({
  parallelism: num,
  jobmanagerResourceSettingSpec: ResourceSpec,
  taskmanagerResourceSettingSpec: ResourceSpec,
});
const StreamingResourceSetting = z.strictObject({
  resourceSettingMode: z.enum(["BASIC", "EXPERT"]),
  basicResourceSetting: BasicResourceSetting.optional(),
  expertResourceSetting: z
    .strictObject({ resourcePlan: str.optional(), jobmanagerResourceSettingSpec: ResourceSpec.optional() })
    .optional(),
});
const BatchResourceSetting = z.strictObject({
  maxSlot: num,
  basicResourceSetting: BasicResourceSetting.optional(),
});
const Logging = z.strictObject({
  loggingProfile: str,
  log4j2ConfigurationTemplate: str.optional(),
  log4jLoggers: z.array(z.strictObject({ loggerName: str, loggerLevel: str })).optional(),
  logReservePolicy: z.strictObject({ expirationDays: num, openHistory: bool }).optional(),
});
const Savepoint = z.strictObject({
  savepointId: str,
  deploymentId: str,
  jobId: str,
  namespace: str,
  description: str,
  savepointLocation: str,
  savepointOrigin: z.enum(["USER_REQUEST", "STOP_WITH_SAVEPOINT", "RETAINED_CHECKPOINT", "AUTO_TRIGGERED"]),
  nativeFormat: bool,
  stopWithDrainEnabled: bool,
  status: z.strictObject({
    state: z.enum(["STARTED", "COMPLETED", "FAILED"]),
    failure: z.strictObject({ failedAt: num, message: str, reason: str }).optional(),
  }),
  createdAt: num,
  modifiedAt: num,
});
const Deployment = z.strictObject({
  deploymentId: str,
  name: str,
  namespace: str,
  workspace: str,
  description: str.optional(),
  engineVersion: str.optional(),
  executionMode: str,
  artifact: Artifact,
  deploymentTarget: z.strictObject({ mode: str, name: str }),
  flinkConf: anyMap,
  logging: Logging,
  streamingResourceSetting: StreamingResourceSetting,
  batchResourceSetting: BatchResourceSetting,
  labels: anyMap.optional(),
  localVariables: z.array(LocalVariable).optional(),
  jobSummary: z.strictObject({
    cancelled: num,
    cancelling: num,
    failed: num,
    finished: num,
    running: num,
    starting: num,
  }),
  deploymentHasChanged: bool,
  referencedDeploymentDraftId: str.optional(),
  creator: str,
  creatorName: str,
  modifier: str,
  modifierName: str,
  createdAt: str,
  modifiedAt: str,
});
const Job = z.strictObject({
  jobId: str,
  deploymentId: str,
  deploymentName: str,
  namespace: str,
  workspace: str,
  engineVersion: str.optional(),
  executionMode: str,
  artifact: Artifact,
  localVariables: z.array(LocalVariable).optional(),
  flinkConf: anyMap,
  userFlinkConf: anyMap,
  logging: Logging,
  streamingResourceSetting: StreamingResourceSetting,
  batchResourceSetting: BatchResourceSetting,
  sessionClusterName: str,
  restoreStrategy: z
    .strictObject({
      kind: str,
      savepointId: str.optional(),
      allowNonRestoredState: bool.optional(),
      jobStartTimeInMs: num.optional(),
    })
    .optional(),
  status: z.strictObject({
    currentJobStatus: str,
    healthScore: num,
    riskLevel: str,
    running: z.strictObject({ observedFlinkJobRestarts: num, observedFlinkJobStatus: str }).optional(),
    failure: z.strictObject({ failedAt: num, message: str, reason: str }).optional(),
  }),
  metric: z.strictObject({ totalCpu: num, totalMemoryByte: num }),
  startTime: num,
  endTime: num.optional(),
  creator: str,
  creatorName: str,
  modifier: str,
  modifierName: str,
  createdAt: str,
  modifiedAt: str,
});
const ValidationErrorDetails = z.strictObject({
  lineNumber: str,
  columnNumber: str,
  endLineNumber: str,
  endColumnNumber: str,
  message: str,
});
const AsyncDraftValidateResult = z.strictObject({
  ticketStatus: str,
  success: bool.optional(),
  message: str.optional(),
  draftValidationDetail: z
    .strictObject({
      sqlValidationResult: str,
      sqlErrorDetail: ValidationErrorDetails.optional(),
      draftMetaInfoErrorDetails: z.array(z.strictObject({ message: str, reason: str })),
    })
    .optional(),
});
const AsyncDraftDeployResult = z.strictObject({
  ticketStatus: str,
  success: bool.optional(),
  message: str.optional(),
  deploymentId: str.optional(),
  artifactValidationDetail: z
    .strictObject({ validationResult: str, errorDetails: ValidationErrorDetails.optional() })
    .optional(),
});
const Ticket = z.strictObject({ ticketId: str });
const HotUpdateJobParams = z.strictObject({
  rescaleJobParam: z.strictObject({ jobParallelism: num.optional() }).optional(),
  updateJobConfigParam: z.strictObject({ newFlinkConf: anyMap.optional() }).optional(),
});
const HotUpdateJobResult = z.strictObject({
  jobHotUpdateId: str,
  jobId: str,
  hotUpdateParams: HotUpdateJobParams,
  status: z.strictObject({
    status: z.enum(["INIT", "HOT_UPDATING", "FAILED", "HOT_UPDATED"]),
    requestId: str.optional(),
    failure: z.strictObject({ failureSeverity: str, message: str, reason: str }).optional(),
  }),
  targetResourceSetting: z.strictObject({
    streamingResourceSetting: StreamingResourceSetting,
    batchResourceSetting: BatchResourceSetting,
    flinkConf: anyMap,
  }),
});
const Variable = z.strictObject({ name: str, value: str, kind: str, description: str.optional() });
const Symptom = z.strictObject({ name: str, description: str, recommendation: str });
const JobDiagnosis = z.strictObject({
  diagnoseId: str,
  diagnoseTime: num,
  healthScore: num,
  riskLevel: str,
  namespace: str,
  workspace: str,
  symptoms: z.strictObject({
    autopilot: Symptom.optional(),
    startup: z.array(Symptom),
    runtime: z.array(Symptom),
    state: z.array(Symptom),
    troubleshooting: z.array(Symptom),
    others: z.array(Symptom),
  }),
});
const Event = z.strictObject({
  eventId: str,
  eventName: str,
  message: str,
  createdAt: str,
  deploymentId: str,
  jobId: str.optional(),
  namespace: str,
  workspace: str.optional(),
});
const DeploymentTarget = z.strictObject({
  name: str,
  namespace: str,
  quota: z.strictObject({ limit: ResourceSpec, request: ResourceSpec.optional(), used: ResourceSpec }),
});
const AutopilotPolicyData = z.strictObject({
  enabled: bool,
  policyConfig: z.strictObject({
    limits: z
      .strictObject({
        jobMinParallelism: num.optional(),
        jobMaxParallelism: num.optional(),
        jobMaxCpu: num.optional(),
        jobMaxMemory: str.optional(),
        coolDownMinutes: num.optional(),
      })
      .optional(),
    scaleUpRules: anyMap.optional(),
    scaleDownRules: anyMap.optional(),
    silentPeriodConfig: anyMap.optional(),
    advancedRules: anyMap.optional(),
  }),
});

function envelope<T extends z.ZodType>(data: T | undefined, paged = false) {
  return z.strictObject({
    requestId: str,
    success: z.literal(true),
    httpCode: z.literal(200),
    errorCode: str,
    errorMessage: str,
    ...(data ? { data } : {}),
    ...(paged ? { pageIndex: num, pageSize: num, totalSize: num } : {}),
  });
}

describe("emulator wire types match the SDK models", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof makeClient>;

  before(async () => {
    emulator = await startEmulator({ ticketMs: 10, jobStartMs: 10 });
    client = makeClient(emulator);
  });
  after(async () => {
    await emulator.close();
  });

  async function expectShape(schema: z.ZodType, call: Call): Promise<Record<string, unknown>> {
    const answer = await callApi(client, emulator, call);
    const parsed = schema.safeParse(answer.body);
    assert.ok(parsed.success, `${call.action}: ${parsed.success ? "" : z.prettifyError(parsed.error)}`);
    return answer.body;
  }

  it("drafts, locks, tickets, deployments and jobs", async () => {
    const draftId = await createLockedDraft(
      client,
      emulator,
      sqlDraft("wire-types", VALID_SQL, {
        labels: { team: "x" },
        localVariables: [{ name: "a", value: "b" }],
      }),
    );
    const draftPath = `/deployment-drafts/${draftId}`;
    await expectShape(envelope(DeploymentDraft), {
      action: "GetDeploymentDraft",
      method: "GET",
      path: draftPath,
    });
    await expectShape(envelope(z.array(DeploymentDraft), true), {
      action: "ListDeploymentDrafts",
      method: "GET",
      path: "/deployment-drafts",
    });
    await expectShape(envelope(Lock), {
      action: "GetDeploymentDraftLock",
      method: "POST",
      path: "/deployment-drafts/getLock",
      query: { deploymentDraftId: draftId },
    });
    await expectShape(envelope(DeploymentDraft), {
      action: "UpdateDeploymentDraft",
      method: "PATCH",
      path: draftPath,
      body: { parentId: "folder-1" },
    });

    const validate = await expectShape(envelope(Ticket), {
      action: "ValidateDeploymentDraftAsync",
      method: "POST",
      path: "/deployment-drafts/async-validate",
      body: { deploymentDraftId: draftId },
    });
    const validateTicket = String((validate.data as Record<string, unknown>).ticketId);
    const validatePath = `/deployment-drafts/tickets/${validateTicket}/async-validate`;
    await expectShape(envelope(AsyncDraftValidateResult), {
      action: "GetValidateDeploymentDraftResult",
      method: "GET",
      path: validatePath,
    });
    await sleep(20);
    await expectShape(envelope(AsyncDraftValidateResult), {
      action: "GetValidateDeploymentDraftResult",
      method: "GET",
      path: validatePath,
    });

    const deployed = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
    });
    assert.ok(AsyncDraftDeployResult.safeParse(deployed).success);
    const deploymentId = String(deployed.deploymentId);
    await expectShape(envelope(Deployment), {
      action: "GetDeployment",
      method: "GET",
      path: `/deployments/${deploymentId}`,
    });
    await expectShape(envelope(z.array(Deployment), true), {
      action: "ListDeployments",
      method: "GET",
      path: "/deployments",
    });

    const started = await expectShape(envelope(Job), {
      action: "StartJobWithParams",
      method: "POST",
      path: "/jobs%3Astart",
      body: { deploymentId },
    });
    const jobId = String((started.data as Record<string, unknown>).jobId);
    await sleep(20);
    await expectShape(envelope(Job), { action: "GetJob", method: "GET", path: `/jobs/${jobId}` });
    const created = await expectShape(envelope(Savepoint), {
      action: "CreateSavepoint",
      method: "POST",
      path: "/savepoints",
      body: { deploymentId, description: "before upgrade", nativeFormat: true },
    });
    const savepointId = String((created.data as Record<string, unknown>).savepointId);
    await sleep(20);
    const fetched = await expectShape(envelope(Savepoint), {
      action: "GetSavepoint",
      method: "GET",
      path: `/savepoints/${savepointId}`,
    });
    const savepoint = fetched.data as Record<string, unknown>;
    assert.deepEqual(savepoint.status, { state: "COMPLETED" });
    assert.equal(savepoint.savepointOrigin, "USER_REQUEST");
    assert.equal(savepoint.description, "before upgrade");
    await expectShape(envelope(z.array(Savepoint), true), {
      action: "ListSavepoints",
      method: "GET",
      path: "/savepoints",
      query: { deploymentId },
    });
    await expectShape(envelope(undefined), {
      action: "DeleteSavepoint",
      method: "DELETE",
      path: `/savepoints/${savepointId}`,
    });
    const updated = await expectShape(envelope(Deployment), {
      action: "UpdateDeployment",
      method: "PUT",
      path: `/deployments/${deploymentId}`,
      body: {
        flinkConf: { "table.exec.state.ttl": "1 h" },
        streamingResourceSetting: {
          resourceSettingMode: "BASIC",
          basicResourceSetting: {
            parallelism: 4,
            jobmanagerResourceSettingSpec: { cpu: 1, memory: "4 GiB" },
            taskmanagerResourceSettingSpec: { cpu: 2, memory: "8 GiB" },
          },
        },
      },
    });
    const updatedData = updated.data as Record<string, unknown>;
    assert.deepEqual(updatedData.flinkConf, { "table.exec.state.ttl": "1 h" });
    assert.equal(updatedData.deploymentHasChanged, true, "new resources need a restart");
    const hot = await expectShape(envelope(HotUpdateJobResult), {
      action: "HotUpdateJob",
      method: "POST",
      path: `/jobs/${jobId}%3AhotUpdate`,
      body: { rescaleJobParam: { jobParallelism: 2 } },
    });
    const hotId = String((hot.data as Record<string, unknown>).jobHotUpdateId);
    await sleep(20);
    await expectShape(envelope(HotUpdateJobResult), {
      action: "GetHotUpdateJobResult",
      method: "GET",
      path: `/jobs/hot-updates/${hotId}`,
    });
    await expectShape(envelope(z.array(DeploymentTarget), true), {
      action: "ListDeploymentTargets",
      method: "GET",
      path: "/deployment-targets",
    });
    const autopilotPath = `/autopilot/v2/namespaces/${emulator.namespace}/deployments/${deploymentId}`;
    await expectShape(envelope(AutopilotPolicyData), {
      action: "GetAutopilotPolicy",
      method: "GET",
      path: `${autopilotPath}/autopilotpolicy-describe`,
    });
    await expectShape(envelope(AutopilotPolicyData), {
      action: "UpdateAutopilotPolicy",
      method: "PUT",
      path: `${autopilotPath}/autopilotpolicy-update`,
      body: { enabled: true, policyConfig: { limits: { jobMaxParallelism: 8 }, scaleUpRules: {} } },
    });
    await expectShape(envelope(JobDiagnosis), {
      action: "GetJobDiagnosis",
      method: "GET",
      path: `/deployments/${deploymentId}/jobs/${jobId}/job-diagnoses/lite`,
    });
    await expectShape(envelope(z.array(Event), true), {
      action: "GetEvents",
      method: "GET",
      path: "/events",
      query: { deploymentId },
    });
    await expectShape(envelope(str), {
      action: "GetLatestJobStartLog",
      method: "GET",
      path: `/deployments/${deploymentId}/latest_jobmanager_start_log`,
    });
    await expectShape(envelope(z.array(Job), true), {
      action: "ListJobs",
      method: "GET",
      path: "/jobs",
      query: { deploymentId },
    });
    await expectShape(envelope(Job), {
      action: "StopJob",
      method: "POST",
      path: `/jobs/${jobId}%3Astop`,
      body: { stopStrategy: "NONE" },
    });
    await sleep(20);
    await expectShape(envelope(undefined), { action: "DeleteJob", method: "DELETE", path: `/jobs/${jobId}` });
    await expectShape(envelope(undefined), {
      action: "DeleteDeployment",
      method: "DELETE",
      path: `/deployments/${deploymentId}`,
    });
    await expectShape(envelope(undefined), {
      action: "DeleteDeploymentDraft",
      method: "DELETE",
      path: draftPath,
    });
  });

  it("namespace variables", async () => {
    const body = { name: "wireVar", value: "v", kind: "Encrypted", description: "d" };
    await expectShape(envelope(Variable), {
      action: "CreateVariable",
      method: "POST",
      path: "/variables",
      body,
    });
    await expectShape(envelope(z.array(Variable), true), {
      action: "ListVariables",
      method: "GET",
      path: "/variables",
    });
    await expectShape(envelope(Variable), {
      action: "UpdateVariable",
      method: "PATCH",
      path: "/variables/wireVar",
      body: { value: "w" },
    });
    await expectShape(envelope(undefined), {
      action: "DeleteVariable",
      method: "DELETE",
      path: "/variables/wireVar",
    });
  });

  it("a failed validation carries string line/column details", async () => {
    const draftId = await createLockedDraft(
      client,
      emulator,
      sqlDraft("wire-broken", "INSERT INTO x SELEC 1;"),
    );
    const validated = await runTicket(client, emulator, "validate", { deploymentDraftId: draftId });
    const parsed = AsyncDraftValidateResult.safeParse(validated);
    assert.ok(parsed.success, parsed.success ? "" : z.prettifyError(parsed.error));
    assert.ok(parsed.data.draftValidationDetail?.sqlErrorDetail);
    const deployed = await runTicket(client, emulator, "deploy", {
      deploymentDraftId: draftId,
      deploymentTarget: { mode: "PER_JOB", name: "default-queue" },
    });
    const deployParsed = AsyncDraftDeployResult.safeParse(deployed);
    assert.ok(deployParsed.success, deployParsed.success ? "" : z.prettifyError(deployParsed.error));
    assert.ok(deployParsed.data.artifactValidationDetail?.errorDetails);
  });
});
