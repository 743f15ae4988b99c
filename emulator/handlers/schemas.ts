/** zod schemas of the request bodies (the SDK models; unknown and output-only keys are ignored). */
import { z } from "zod";

export const LocalVariableSchema = z.object({ name: z.string().min(1), value: z.string() });

export const ArtifactSchema = z.object({
  kind: z.enum(["SQLSCRIPT", "JAR", "PYTHON", "CDCYAML"]),
  sqlArtifact: z
    .object({ sqlScript: z.string().optional(), additionalDependencies: z.array(z.string()).optional() })
    .optional(),
  jarArtifact: z.record(z.string(), z.unknown()).optional(),
  pythonArtifact: z.record(z.string(), z.unknown()).optional(),
  cdcYamlArtifact: z.record(z.string(), z.unknown()).optional(),
});

export const ExecutionModeSchema = z.enum(["STREAMING", "BATCH"]);

/** Body of UpdateDeploymentDraft: every field optional (PATCH merges). */
export const DraftPatchSchema = z.object({
  name: z.string().trim().min(1).max(128).optional(),
  artifact: ArtifactSchema.optional(),
  engineVersion: z.string().min(1).optional(),
  executionMode: ExecutionModeSchema.optional(),
  labels: z.record(z.string(), z.unknown()).optional(),
  localVariables: z.array(LocalVariableSchema).optional(),
  parentId: z.string().optional(),
});

/** Body of CreateDeploymentDraft. ASSUMPTION: name, artifact and engineVersion are required. */
export const DraftCreateSchema = DraftPatchSchema.extend({
  name: z.string().trim().min(1).max(128),
  artifact: ArtifactSchema,
  engineVersion: z.string().min(1),
});

/** The API metadata's enum for BriefDeploymentTarget.mode is [PER_JOB] (SESSION is a Terraform-doc value). */
export const BriefDeploymentTargetSchema = z.object({
  mode: z.enum(["PER_JOB"]).default("PER_JOB"),
  name: z.string().min(1),
});

export const DraftDeployParamsSchema = z.object({
  deploymentDraftId: z.string().min(1),
  deploymentTarget: BriefDeploymentTargetSchema,
  skipValidate: z.boolean().optional(),
});

export const DraftValidateParamsSchema = z.object({
  deploymentDraftId: z.string().min(1),
  deploymentTargetName: z.string().min(1).optional(),
});

export const RestoreStrategySchema = z.object({
  kind: z.enum(["NONE", "LATEST_SAVEPOINT", "FROM_SAVEPOINT", "LATEST_STATE"]),
  savepointId: z.string().optional(),
  allowNonRestoredState: z.boolean().optional(),
  jobStartTimeInMs: z.number().optional(),
});

export const JobStartParametersSchema = z.object({
  deploymentId: z.string().min(1),
  resourceQueueName: z.string().min(1).optional(),
  restoreStrategy: RestoreStrategySchema.optional(),
  localVariables: z.array(LocalVariableSchema).optional(),
});

export const StopJobSchema = z.object({
  stopStrategy: z.enum(["NONE", "STOP_WITH_SAVEPOINT", "STOP_WITH_DRAIN"]),
});

export const SqlStatementWithContextSchema = z.object({
  statement: z.string(),
  /** Required (API metadata and SDK: "This parameter is required"). */
  batchMode: z.boolean(),
  versionName: z.string().optional(),
  flinkConfiguration: z.record(z.string(), z.unknown()).optional(),
  additionalDependencies: z.array(z.string()).optional(),
});

/** Body of CreateSavepoint (SDK CreateSavepointRequest): deploymentId is required. */
export const CreateSavepointSchema = z.object({
  deploymentId: z.string().min(1),
  description: z.string().optional(),
  nativeFormat: z.boolean().optional(),
});

const ResourceSpecSchema = z.object({ cpu: z.number().positive(), memory: z.string().min(1) });

const BasicResourceSettingSchema = z.object({
  parallelism: z.number().int().min(1),
  jobmanagerResourceSettingSpec: ResourceSpecSchema,
  taskmanagerResourceSettingSpec: ResourceSpecSchema,
});

export const StreamingResourceSettingSchema = z.object({
  resourceSettingMode: z.enum(["BASIC", "EXPERT"]),
  basicResourceSetting: BasicResourceSettingSchema.optional(),
  expertResourceSetting: z
    .object({
      resourcePlan: z.string().optional(),
      jobmanagerResourceSettingSpec: ResourceSpecSchema.optional(),
    })
    .optional(),
});

export const BatchResourceSettingSchema = z.object({
  maxSlot: z.number().int().min(1),
  basicResourceSetting: BasicResourceSettingSchema.optional(),
});

export const LoggingSchema = z.object({
  loggingProfile: z.string().min(1),
  log4j2ConfigurationTemplate: z.string().optional(),
  log4jLoggers: z.array(z.object({ loggerName: z.string(), loggerLevel: z.string().min(1) })).optional(),
  logReservePolicy: z
    .object({ expirationDays: z.number().int().min(0), openHistory: z.boolean() })
    .optional(),
});

/**
 * Body of UpdateDeployment: the SDK's Deployment. Output-only and identity fields (deploymentId,
 * namespace, creator, jobSummary, ...) are ignored, as the generated clients send them back as read.
 */
export const DeploymentBodySchema = z.object({
  name: z.string().trim().min(1).max(128).optional(),
  description: z.string().optional(),
  engineVersion: z.string().min(1).optional(),
  executionMode: ExecutionModeSchema.optional(),
  artifact: ArtifactSchema.optional(),
  deploymentTarget: BriefDeploymentTargetSchema.optional(),
  labels: z.record(z.string(), z.unknown()).optional(),
  localVariables: z.array(LocalVariableSchema).optional(),
  flinkConf: z.record(z.string(), z.unknown()).optional(),
  logging: LoggingSchema.optional(),
  streamingResourceSetting: StreamingResourceSettingSchema.optional(),
  batchResourceSetting: BatchResourceSettingSchema.optional(),
});

/**
 * Body of HotUpdateJob. ASSUMPTION: the body is HotUpdateJobParams itself (the generated SDKs send no
 * body at all; the model is HotUpdateJobResult.hotUpdateParams).
 */
export const HotUpdateJobParamsSchema = z.object({
  rescaleJobParam: z.object({ jobParallelism: z.number().int().min(1).optional() }).optional(),
  updateJobConfigParam: z.object({ newFlinkConf: z.record(z.string(), z.unknown()).optional() }).optional(),
});

const AutopilotLimitsSchema = z
  .object({
    jobMinParallelism: z.number().int().min(1).optional(),
    jobMaxParallelism: z.number().int().min(1).optional(),
    jobMaxCpu: z.number().positive().optional(),
    jobMaxMemory: z.string().min(1).optional(),
    coolDownMinutes: z.number().min(0).optional(),
  })
  .refine(
    (l) =>
      l.jobMinParallelism === undefined ||
      l.jobMaxParallelism === undefined ||
      l.jobMinParallelism <= l.jobMaxParallelism,
    { message: "jobMinParallelism must not be above jobMaxParallelism" },
  );

/** AutopilotPolicy (SDK): limits typed, the rule sections kept as sent. */
export const AutopilotPolicySchema = z.object({
  limits: AutopilotLimitsSchema.optional(),
  scaleUpRules: z.record(z.string(), z.unknown()).optional(),
  scaleDownRules: z.record(z.string(), z.unknown()).optional(),
  silentPeriodConfig: z.record(z.string(), z.unknown()).optional(),
  advancedRules: z.record(z.string(), z.unknown()).optional(),
});

/** Body of UpdateAutopilotPolicy (SDK UpdateAutopilotPolicyRequest). */
export const UpdateAutopilotPolicySchema = z.object({
  enabled: z.boolean(),
  policyConfig: AutopilotPolicySchema.optional(),
});
