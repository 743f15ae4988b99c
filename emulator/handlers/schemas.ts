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

export const BriefDeploymentTargetSchema = z.object({
  mode: z.enum(["PER_JOB", "SESSION"]).default("PER_JOB"),
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
  batchMode: z.boolean().optional(),
  versionName: z.string().optional(),
  flinkConfiguration: z.record(z.string(), z.unknown()).optional(),
  additionalDependencies: z.array(z.string()).optional(),
});
