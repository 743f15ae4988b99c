/**
 * zod schemas of the ververica 2022-07-18 models the provider reads.
 *
 * Every field is optional, as in the generated SDK models: the service omits
 * empty fields. Unknown keys pass through untouched so that a newer service
 * never breaks an older provider. The JSON types follow the SDK exactly
 * (reference/flink-api.md §1.5): a draft's timestamps are numbers, a
 * deployment's and a job's are strings, validation line/column numbers are
 * strings.
 */
import { z } from "zod";

/*
 * Field types coerce the way the official SDK's tea `cast()` does (reference/flink-api.md §1.6), so
 * a live service that sends "1714058507" where the model says number (or a number where it says
 * string) is read as the SDK would read it, and what cast rejects is still rejected:
 * - string: a string, or a number/boolean stringified;
 * - number: a number, or a string of digits (parseInt) or of digits and dots (parseFloat);
 * - boolean: a boolean, 1/0, or "true"/"false";
 * - null is treated as absent (cast skips it); objects and arrays never pass for scalars.
 */
const nullAsAbsent = (value: unknown): unknown => (value === null ? undefined : value);

function teaString() {
  return z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]);
}

function teaNumber() {
  return z.union([
    z.number(),
    z
      .string()
      .regex(/^\d*$/)
      .transform((v) => parseInt(v, 10)),
    z
      .string()
      .regex(/^[.\d]*$/)
      .transform((v) => parseFloat(v)),
  ]);
}

function teaBoolean() {
  return z.union([
    z.boolean(),
    z.literal(1).transform(() => true),
    z.literal(0).transform(() => false),
    z.literal("true").transform(() => true),
    z.literal("false").transform(() => false),
  ]);
}

/** Optional model fields: absent or null is undefined (cast skips null). */
function optionalModel<T extends z.ZodType>(schema: T) {
  return z.preprocess(nullAsAbsent, schema.optional());
}

export const LocalVariableSchema = z.looseObject({
  name: optionalModel(teaString()),
  value: optionalModel(teaString()),
});
export type LocalVariable = z.infer<typeof LocalVariableSchema>;

export const LockSchema = z.looseObject({
  id: optionalModel(teaString()),
  workspace: optionalModel(teaString()),
  namespace: optionalModel(teaString()),
  holderId: optionalModel(teaString()),
  holderName: optionalModel(teaString()),
});
export type Lock = z.infer<typeof LockSchema>;

export const SqlArtifactSchema = z.looseObject({
  sqlScript: optionalModel(teaString()),
  additionalDependencies: optionalModel(z.array(teaString())),
});

export const ArtifactSchema = z.looseObject({
  kind: optionalModel(teaString()),
  sqlArtifact: optionalModel(SqlArtifactSchema),
});

/** Labels are free-form maps in the API; the provider only writes strings. */
const LabelsSchema = z.record(z.string(), z.unknown());

export const DeploymentDraftSchema = z.looseObject({
  deploymentDraftId: optionalModel(teaString()),
  name: optionalModel(teaString()),
  namespace: optionalModel(teaString()),
  workspace: optionalModel(teaString()),
  engineVersion: optionalModel(teaString()),
  executionMode: optionalModel(teaString()),
  artifact: optionalModel(ArtifactSchema),
  labels: optionalModel(LabelsSchema),
  localVariables: optionalModel(z.array(LocalVariableSchema)),
  lock: optionalModel(LockSchema),
  parentId: optionalModel(teaString()),
  referencedDeploymentId: optionalModel(teaString()),
  creator: optionalModel(teaString()),
  creatorName: optionalModel(teaString()),
  modifier: optionalModel(teaString()),
  modifierName: optionalModel(teaString()),
  createdAt: optionalModel(teaNumber()),
  modifiedAt: optionalModel(teaNumber()),
});
export type DeploymentDraft = z.infer<typeof DeploymentDraftSchema>;

export const BriefDeploymentTargetSchema = z.looseObject({
  name: optionalModel(teaString()),
  mode: optionalModel(teaString()),
});

/** ResourceSpec: CPU cores and memory text ("4 GiB", "4Gi"). */
export const ResourceSpecSchema = z.looseObject({
  cpu: optionalModel(teaNumber()),
  memory: optionalModel(teaString()),
});
export type ResourceSpec = z.infer<typeof ResourceSpecSchema>;

export const BasicResourceSettingSchema = z.looseObject({
  parallelism: optionalModel(teaNumber()),
  jobmanagerResourceSettingSpec: optionalModel(ResourceSpecSchema),
  taskmanagerResourceSettingSpec: optionalModel(ResourceSpecSchema),
});

export const StreamingResourceSettingSchema = z.looseObject({
  resourceSettingMode: optionalModel(teaString()),
  basicResourceSetting: optionalModel(BasicResourceSettingSchema),
  expertResourceSetting: optionalModel(
    z.looseObject({
      resourcePlan: optionalModel(teaString()),
      jobmanagerResourceSettingSpec: optionalModel(ResourceSpecSchema),
    }),
  ),
});

export const BatchResourceSettingSchema = z.looseObject({
  maxSlot: optionalModel(teaNumber()),
  basicResourceSetting: optionalModel(BasicResourceSettingSchema),
});

export const LoggingSchema = z.looseObject({
  loggingProfile: optionalModel(teaString()),
  log4j2ConfigurationTemplate: optionalModel(teaString()),
  log4jLoggers: optionalModel(
    z.array(
      z.looseObject({ loggerName: optionalModel(teaString()), loggerLevel: optionalModel(teaString()) }),
    ),
  ),
  logReservePolicy: optionalModel(
    z.looseObject({ expirationDays: optionalModel(teaNumber()), openHistory: optionalModel(teaBoolean()) }),
  ),
});

/** The settings a deployment carries and a job copies at its start. */
const DeploymentSettingsShape = {
  streamingResourceSetting: optionalModel(StreamingResourceSettingSchema),
  batchResourceSetting: optionalModel(BatchResourceSettingSchema),
  flinkConf: optionalModel(z.record(z.string(), z.unknown())),
  logging: optionalModel(LoggingSchema),
};

export const DeploymentSchema = z.looseObject({
  ...DeploymentSettingsShape,
  deploymentId: optionalModel(teaString()),
  name: optionalModel(teaString()),
  namespace: optionalModel(teaString()),
  workspace: optionalModel(teaString()),
  engineVersion: optionalModel(teaString()),
  executionMode: optionalModel(teaString()),
  artifact: optionalModel(ArtifactSchema),
  deploymentTarget: optionalModel(BriefDeploymentTargetSchema),
  labels: optionalModel(LabelsSchema),
  localVariables: optionalModel(z.array(LocalVariableSchema)),
  referencedDeploymentDraftId: optionalModel(teaString()),
  deploymentHasChanged: optionalModel(teaBoolean()),
  createdAt: optionalModel(teaString()),
  modifiedAt: optionalModel(teaString()),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const ValidationErrorDetailsSchema = z.looseObject({
  lineNumber: optionalModel(teaString()),
  columnNumber: optionalModel(teaString()),
  endLineNumber: optionalModel(teaString()),
  endColumnNumber: optionalModel(teaString()),
  message: optionalModel(teaString()),
});
export type ValidationErrorDetails = z.infer<typeof ValidationErrorDetailsSchema>;

export const TicketSchema = z.looseObject({ ticketId: teaString() });

export const AsyncDraftValidateResultSchema = z.looseObject({
  ticketStatus: optionalModel(teaString()),
  success: optionalModel(teaBoolean()),
  message: optionalModel(teaString()),
  draftValidationDetail: z
    .looseObject({
      sqlValidationResult: optionalModel(teaString()),
      sqlErrorDetail: optionalModel(ValidationErrorDetailsSchema),
      draftMetaInfoErrorDetails: z
        .array(z.looseObject({ message: optionalModel(teaString()), reason: optionalModel(teaString()) }))
        .optional(),
    })
    .optional(),
});
export type AsyncDraftValidateResult = z.infer<typeof AsyncDraftValidateResultSchema>;

export const AsyncDraftDeployResultSchema = z.looseObject({
  ticketStatus: optionalModel(teaString()),
  success: optionalModel(teaBoolean()),
  message: optionalModel(teaString()),
  deploymentId: optionalModel(teaString()),
  artifactValidationDetail: z
    .looseObject({
      validationResult: optionalModel(teaString()),
      errorDetails: optionalModel(ValidationErrorDetailsSchema),
    })
    .optional(),
});
export type AsyncDraftDeployResult = z.infer<typeof AsyncDraftDeployResultSchema>;

export const RestoreStrategySchema = z.looseObject({
  kind: optionalModel(teaString()),
  savepointId: optionalModel(teaString()),
  allowNonRestoredState: optionalModel(teaBoolean()),
  jobStartTimeInMs: optionalModel(teaNumber()),
});
export type RestoreStrategy = z.infer<typeof RestoreStrategySchema>;

export const JobSchema = z.looseObject({
  ...DeploymentSettingsShape,
  jobId: optionalModel(teaString()),
  deploymentId: optionalModel(teaString()),
  deploymentName: optionalModel(teaString()),
  engineVersion: optionalModel(teaString()),
  artifact: optionalModel(ArtifactSchema),
  restoreStrategy: optionalModel(RestoreStrategySchema),
  status: z
    .looseObject({
      currentJobStatus: optionalModel(teaString()),
      failure: z
        .looseObject({ message: optionalModel(teaString()), reason: optionalModel(teaString()) })
        .optional(),
      /** Valid when RUNNING: how often Flink restarted the job since it started. */
      running: z.looseObject({ observedFlinkJobRestarts: optionalModel(teaNumber()) }).optional(),
    })
    .optional(),
  startTime: optionalModel(teaNumber()),
  endTime: optionalModel(teaNumber()),
  createdAt: optionalModel(teaString()),
  modifiedAt: optionalModel(teaString()),
});
export type Job = z.infer<typeof JobSchema>;

/** A savepoint, or a retained checkpoint listed among them (savepointOrigin RETAINED_CHECKPOINT). */
export const SavepointSchema = z.looseObject({
  savepointId: optionalModel(teaString()),
  deploymentId: optionalModel(teaString()),
  jobId: optionalModel(teaString()),
  savepointOrigin: optionalModel(teaString()),
  savepointLocation: optionalModel(teaString()),
  /** SavepointStatus.state: STARTED, COMPLETED or FAILED. */
  status: z.looseObject({ state: optionalModel(teaString()) }).optional(),
  createdAt: optionalModel(teaNumber()),
  modifiedAt: optionalModel(teaNumber()),
});
export type Savepoint = z.infer<typeof SavepointSchema>;

export const SqlStatementValidationResultSchema = z.looseObject({
  success: optionalModel(teaBoolean()),
  message: optionalModel(teaString()),
  validationResult: optionalModel(teaString()),
  errorDetails: ValidationErrorDetailsSchema.extend({
    invalidflinkConf: optionalModel(z.array(teaString())),
  }).optional(),
});
export type SqlStatementValidationResult = z.infer<typeof SqlStatementValidationResultSchema>;

/** The envelope every response body carries (reference/flink-api.md §1.4). */
/** One entry of ListEngineVersionMetadata; status is STABLE, BETA, DEPRECATED or EXPIRED (§3). */
export const EngineVersionMetadataSchema = z.looseObject({
  engineVersion: optionalModel(teaString()),
  status: optionalModel(teaString()),
});
export type EngineVersionMetadata = z.infer<typeof EngineVersionMetadataSchema>;

export const EngineVersionCatalogueSchema = z.looseObject({
  defaultEngineVersion: optionalModel(teaString()),
  engineVersionMetadata: optionalModel(z.array(EngineVersionMetadataSchema)),
});
export type EngineVersionCatalogue = z.infer<typeof EngineVersionCatalogueSchema>;

/** A queue of the namespace (ListDeploymentTargets) and its quota {limit, request, used}. */
export const DeploymentTargetSchema = z.looseObject({
  name: optionalModel(teaString()),
  namespace: optionalModel(teaString()),
  quota: optionalModel(
    z.looseObject({
      limit: optionalModel(ResourceSpecSchema),
      request: optionalModel(ResourceSpecSchema),
      used: optionalModel(ResourceSpecSchema),
    }),
  ),
});
export type DeploymentTarget = z.infer<typeof DeploymentTargetSchema>;

/** A namespace variable (Variable management); an Encrypted value reads back as "******". */
export const VariableSchema = z.looseObject({
  name: optionalModel(teaString()),
  value: optionalModel(teaString()),
  kind: optionalModel(teaString()),
  description: optionalModel(teaString()),
});
export type Variable = z.infer<typeof VariableSchema>;

/** Body of CreateVariable / UpdateVariable. */
export interface VariableBody {
  name: string;
  value: string;
  kind: "Encrypted" | "Plain";
  description?: string;
}

const SymptomSchema = z.looseObject({
  name: optionalModel(teaString()),
  description: optionalModel(teaString()),
  recommendation: optionalModel(teaString()),
});
export type Symptom = z.infer<typeof SymptomSchema>;

/** GetJobDiagnosis (lite): a health score, a risk level, and symptoms by phase, each with a recommendation. */
export const JobDiagnosisSchema = z.looseObject({
  healthScore: optionalModel(teaNumber()),
  riskLevel: optionalModel(teaString()),
  symptoms: optionalModel(
    z.looseObject({
      startup: optionalModel(z.array(SymptomSchema)),
      runtime: optionalModel(z.array(SymptomSchema)),
      state: optionalModel(z.array(SymptomSchema)),
      troubleshooting: optionalModel(z.array(SymptomSchema)),
      others: optionalModel(z.array(SymptomSchema)),
    }),
  ),
});
export type JobDiagnosis = z.infer<typeof JobDiagnosisSchema>;

/** GetEvents: a deployment's events, newest first. */
export const EventSchema = z.looseObject({
  eventId: optionalModel(teaString()),
  eventName: optionalModel(teaString()),
  message: optionalModel(teaString()),
  createdAt: optionalModel(teaString()),
  deploymentId: optionalModel(teaString()),
  jobId: optionalModel(teaString()),
});
export type FlinkEvent = z.infer<typeof EventSchema>;

export const EnvelopeSchema = z.looseObject({
  requestId: optionalModel(teaString()),
  success: teaBoolean(),
  httpCode: optionalModel(teaNumber()),
  errorCode: optionalModel(teaString()).nullable(),
  errorMessage: optionalModel(teaString()).nullable(),
  data: z.unknown().optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** List operations add paging fields next to an array `data`. */
export const PagingSchema = z.looseObject({
  pageIndex: optionalModel(teaNumber()),
  pageSize: optionalModel(teaNumber()),
  totalSize: optionalModel(teaNumber()),
});

/** Bodies the provider sends. Only defined keys are serialized (sparse PATCH). */
export interface DeploymentDraftBody {
  name?: string;
  engineVersion?: string;
  executionMode?: string;
  artifact?: {
    kind: "SQLSCRIPT";
    sqlArtifact: { sqlScript: string; additionalDependencies?: string[] };
  };
  labels?: Record<string, string>;
  localVariables?: { name: string; value: string }[];
  parentId?: string;
}

/** Body of StartJobWithParams (JobStartParameters). */
export interface JobStartParameters {
  deploymentId: string;
  resourceQueueName?: string;
  restoreStrategy: { kind: string; savepointId?: string; allowNonRestoredState?: boolean };
}

export interface BriefDeploymentTarget {
  name: string;
  mode: string;
}

/** HotUpdateJobParams: a running job's new parallelism and/or Flink configuration. */
export interface HotUpdateJobParams {
  rescaleJobParam?: { jobParallelism: number };
  updateJobConfigParam?: { newFlinkConf: Record<string, string> };
}

/** HotUpdateJobResult; status.status INIT → HOT_UPDATING → HOT_UPDATED or FAILED. */
export const HotUpdateJobResultSchema = z.looseObject({
  jobHotUpdateId: optionalModel(teaString()),
  jobId: optionalModel(teaString()),
  status: optionalModel(
    z.looseObject({
      status: optionalModel(teaString()),
      failure: optionalModel(
        z.looseObject({
          failureSeverity: optionalModel(teaString()),
          reason: optionalModel(teaString()),
          message: optionalModel(teaString()),
        }),
      ),
    }),
  ),
});
export type HotUpdateJobResult = z.infer<typeof HotUpdateJobResultSchema>;

/** AutopilotPolicy {enabled, policyConfig}. */
export const AutopilotPolicySchema = z.looseObject({
  enabled: optionalModel(teaBoolean()),
  policyConfig: optionalModel(z.record(z.string(), z.unknown())),
});
export type AutopilotPolicy = z.infer<typeof AutopilotPolicySchema>;
