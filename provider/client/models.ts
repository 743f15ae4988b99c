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

export const LocalVariableSchema = z.looseObject({
  name: z.string().optional(),
  value: z.string().optional(),
});
export type LocalVariable = z.infer<typeof LocalVariableSchema>;

export const LockSchema = z.looseObject({
  id: z.string().optional(),
  workspace: z.string().optional(),
  namespace: z.string().optional(),
  holderId: z.string().optional(),
  holderName: z.string().optional(),
});
export type Lock = z.infer<typeof LockSchema>;

export const SqlArtifactSchema = z.looseObject({
  sqlScript: z.string().optional(),
  additionalDependencies: z.array(z.string()).optional(),
});

export const ArtifactSchema = z.looseObject({
  kind: z.string().optional(),
  sqlArtifact: SqlArtifactSchema.optional(),
});

/** Labels are free-form maps in the API; the provider only writes strings. */
const LabelsSchema = z.record(z.string(), z.unknown());

export const DeploymentDraftSchema = z.looseObject({
  deploymentDraftId: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  workspace: z.string().optional(),
  engineVersion: z.string().optional(),
  executionMode: z.string().optional(),
  artifact: ArtifactSchema.optional(),
  labels: LabelsSchema.optional(),
  localVariables: z.array(LocalVariableSchema).optional(),
  lock: LockSchema.optional(),
  parentId: z.string().optional(),
  referencedDeploymentId: z.string().optional(),
  creator: z.string().optional(),
  creatorName: z.string().optional(),
  modifier: z.string().optional(),
  modifierName: z.string().optional(),
  createdAt: z.number().optional(),
  modifiedAt: z.number().optional(),
});
export type DeploymentDraft = z.infer<typeof DeploymentDraftSchema>;

export const BriefDeploymentTargetSchema = z.looseObject({
  name: z.string().optional(),
  mode: z.string().optional(),
});

export const DeploymentSchema = z.looseObject({
  deploymentId: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  workspace: z.string().optional(),
  engineVersion: z.string().optional(),
  executionMode: z.string().optional(),
  artifact: ArtifactSchema.optional(),
  deploymentTarget: BriefDeploymentTargetSchema.optional(),
  labels: LabelsSchema.optional(),
  localVariables: z.array(LocalVariableSchema).optional(),
  referencedDeploymentDraftId: z.string().optional(),
  deploymentHasChanged: z.boolean().optional(),
  createdAt: z.string().optional(),
  modifiedAt: z.string().optional(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const ValidationErrorDetailsSchema = z.looseObject({
  lineNumber: z.string().optional(),
  columnNumber: z.string().optional(),
  endLineNumber: z.string().optional(),
  endColumnNumber: z.string().optional(),
  message: z.string().optional(),
});
export type ValidationErrorDetails = z.infer<typeof ValidationErrorDetailsSchema>;

export const TicketSchema = z.looseObject({ ticketId: z.string() });

export const AsyncDraftValidateResultSchema = z.looseObject({
  ticketStatus: z.string().optional(),
  success: z.boolean().optional(),
  message: z.string().optional(),
  draftValidationDetail: z
    .looseObject({
      sqlValidationResult: z.string().optional(),
      sqlErrorDetail: ValidationErrorDetailsSchema.optional(),
      draftMetaInfoErrorDetails: z
        .array(z.looseObject({ message: z.string().optional(), reason: z.string().optional() }))
        .optional(),
    })
    .optional(),
});
export type AsyncDraftValidateResult = z.infer<typeof AsyncDraftValidateResultSchema>;

export const AsyncDraftDeployResultSchema = z.looseObject({
  ticketStatus: z.string().optional(),
  success: z.boolean().optional(),
  message: z.string().optional(),
  deploymentId: z.string().optional(),
  artifactValidationDetail: z
    .looseObject({
      validationResult: z.string().optional(),
      errorDetails: ValidationErrorDetailsSchema.optional(),
    })
    .optional(),
});
export type AsyncDraftDeployResult = z.infer<typeof AsyncDraftDeployResultSchema>;

export const RestoreStrategySchema = z.looseObject({
  kind: z.string().optional(),
  savepointId: z.string().optional(),
  allowNonRestoredState: z.boolean().optional(),
  jobStartTimeInMs: z.number().optional(),
});
export type RestoreStrategy = z.infer<typeof RestoreStrategySchema>;

export const JobSchema = z.looseObject({
  jobId: z.string().optional(),
  deploymentId: z.string().optional(),
  deploymentName: z.string().optional(),
  engineVersion: z.string().optional(),
  artifact: ArtifactSchema.optional(),
  restoreStrategy: RestoreStrategySchema.optional(),
  status: z
    .looseObject({
      currentJobStatus: z.string().optional(),
      failure: z.looseObject({ message: z.string().optional(), reason: z.string().optional() }).optional(),
      /** Valid when RUNNING: how often Flink restarted the job since it started. */
      running: z.looseObject({ observedFlinkJobRestarts: z.number().optional() }).optional(),
    })
    .optional(),
  startTime: z.number().optional(),
  endTime: z.number().optional(),
  createdAt: z.string().optional(),
  modifiedAt: z.string().optional(),
});
export type Job = z.infer<typeof JobSchema>;

/** A savepoint, or a retained checkpoint listed among them (savepointOrigin RETAINED_CHECKPOINT). */
export const SavepointSchema = z.looseObject({
  savepointId: z.string().optional(),
  deploymentId: z.string().optional(),
  jobId: z.string().optional(),
  savepointOrigin: z.string().optional(),
  savepointLocation: z.string().optional(),
  /** SavepointStatus.state: STARTED, COMPLETED or FAILED. */
  status: z.looseObject({ state: z.string().optional() }).optional(),
  createdAt: z.number().optional(),
  modifiedAt: z.number().optional(),
});
export type Savepoint = z.infer<typeof SavepointSchema>;

export const SqlStatementValidationResultSchema = z.looseObject({
  success: z.boolean().optional(),
  message: z.string().optional(),
  validationResult: z.string().optional(),
  errorDetails: ValidationErrorDetailsSchema.extend({
    invalidflinkConf: z.array(z.string()).optional(),
  }).optional(),
});
export type SqlStatementValidationResult = z.infer<typeof SqlStatementValidationResultSchema>;

/** The envelope every response body carries (reference/flink-api.md §1.4). */
/** One entry of ListEngineVersionMetadata; status is STABLE, BETA, DEPRECATED or EXPIRED (§3). */
export const EngineVersionMetadataSchema = z.looseObject({
  engineVersion: z.string().optional(),
  status: z.string().optional(),
});
export type EngineVersionMetadata = z.infer<typeof EngineVersionMetadataSchema>;

export const EngineVersionCatalogueSchema = z.looseObject({
  defaultEngineVersion: z.string().optional(),
  engineVersionMetadata: z.array(EngineVersionMetadataSchema).optional(),
});
export type EngineVersionCatalogue = z.infer<typeof EngineVersionCatalogueSchema>;

/** A queue of the namespace (ListDeploymentTargets); the quota is not read. */
export const DeploymentTargetSchema = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
});
export type DeploymentTarget = z.infer<typeof DeploymentTargetSchema>;

export const EnvelopeSchema = z.looseObject({
  requestId: z.string().optional(),
  success: z.boolean(),
  httpCode: z.number().optional(),
  errorCode: z.string().optional().nullable(),
  errorMessage: z.string().optional().nullable(),
  data: z.unknown().optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** List operations add paging fields next to an array `data`. */
export const PagingSchema = z.looseObject({
  pageIndex: z.number().optional(),
  pageSize: z.number().optional(),
  totalSize: z.number().optional(),
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
