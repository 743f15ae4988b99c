import * as pulumi from "@pulumi/pulumi";
import { deployedDraftProvider } from "./shim";

/** Where a deployment runs: a queue of the workspace. */
export interface DeploymentTargetArgs {
  /** Queue name, e.g. "default-queue". */
  name: pulumi.Input<string>;
  /** Only "PER_JOB" is documented for SQL drafts. Default "PER_JOB". */
  mode?: pulumi.Input<"PER_JOB" | "SESSION">;
}

/** Durations such as "90s", "20m" or "1h". */
export interface TimeoutsArgs {
  create?: pulumi.Input<string>;
  update?: pulumi.Input<string>;
  delete?: pulumi.Input<string>;
}

/** How SQL is checked before anything reaches the draft. */
export interface ValidationArgs {
  /**
   * During `pulumi preview`: "server" runs ValidateSqlStatement (it touches no draft)
   * when credentials are available, "local" only parses with a Flink SQL grammar,
   * "off" skips both. Default "server".
   */
  preview?: pulumi.Input<"server" | "local" | "off">;
  /** Treat local grammar errors as errors rather than warnings. Default false: the grammar has gaps. */
  strict?: pulumi.Input<boolean>;
  /** Run the service's asynchronous validation before each deploy. Default true. */
  beforeDeploy?: pulumi.Input<boolean>;
}

export interface DeployedDraftArgs {
  /** Workspace ID (sent as the `workspace` header). Changing it replaces the draft. */
  workspace: pulumi.Input<string>;
  /** Namespace, e.g. "<workspace-name>-default". Changing it replaces the draft. */
  namespace: pulumi.Input<string>;
  /**
   * Draft and deployment name, unique in the namespace. Default: the resource
   * name plus a random suffix. An explicit name is replaced delete-first.
   */
  name?: pulumi.Input<string>;
  /** The Flink SQL script. `${var}` placeholders are filled from `localVariables` by the service. */
  sql: pulumi.Input<string>;
  /** Engine version, e.g. "vvr-8.0.11-flink-1.17". */
  engineVersion: pulumi.Input<string>;
  /** "STREAMING" (default) or "BATCH". Changing it replaces the draft. */
  executionMode?: pulumi.Input<"STREAMING" | "BATCH">;
  /** Default: { name: "default-queue", mode: "PER_JOB" }. */
  deploymentTarget?: pulumi.Input<DeploymentTargetArgs>;
  /** URIs of extra JARs (connectors, UDFs). */
  additionalDependencies?: pulumi.Input<pulumi.Input<string>[]>;
  /** Values for `${name}` placeholders in the SQL. Values may be secrets (`pulumi.secret`). */
  localVariables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Labels of the draft and its deployment. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Folder of the draft in the console's draft tree. */
  folderId?: pulumi.Input<string>;
  /** Take over an existing draft of this name that another tool or person created. Default false. */
  adopt?: pulumi.Input<boolean>;
  /** How long each operation may wait for the service. Defaults: create 30m, update 30m, delete 10m. */
  timeouts?: pulumi.Input<TimeoutsArgs>;
  /**
   * When someone else holds the draft's edit lock: "fail" (default; the error names
   * the holder), "steal" (take it, as the console's unlock does) or "wait" (up to
   * `lockWaitTimeout`, then fail).
   */
  lockPolicy?: pulumi.Input<"fail" | "steal" | "wait">;
  /** How long lockPolicy "wait" waits. Default "5m". */
  lockWaitTimeout?: pulumi.Input<string>;
  validation?: pulumi.Input<ValidationArgs>;
  /** When the draft was edited outside Pulumi since the last deploy: "warn" (default) and overwrite, or "fail". */
  onOutOfBandChange?: pulumi.Input<"warn" | "fail">;
}

/**
 * A Flink SQL draft of Alibaba Cloud Realtime Compute for Apache Flink, deployed.
 *
 * Create and update take the draft's edit lock, write the draft, run the service's
 * asynchronous validation and deploy, and wait for each. The diff compares SQL by
 * meaning (whitespace, comments and keyword case do not count).
 */
export class DeployedDraft extends pulumi.dynamic.Resource {
  declare readonly workspace: pulumi.Output<string>;
  declare readonly namespace: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly sql: pulumi.Output<string>;
  declare readonly engineVersion: pulumi.Output<string>;
  declare readonly executionMode: pulumi.Output<string>;
  /** ID of the draft in the service. */
  declare readonly deploymentDraftId: pulumi.Output<string>;
  /** ID of the deployment the draft was deployed to. */
  declare readonly deploymentId: pulumi.Output<string>;
  /** "sha256:…" of the normalized SQL statements: what the diff compares. */
  declare readonly sqlHash: pulumi.Output<string>;
  declare readonly statementCount: pulumi.Output<number>;
  declare readonly lastValidateTicketId: pulumi.Output<string>;
  declare readonly lastDeployTicketId: pulumi.Output<string>;
  declare readonly lastValidationMessage: pulumi.Output<string>;
  declare readonly lastDeployMessage: pulumi.Output<string>;
  /** ISO time of the last successful deploy. */
  declare readonly deployedAt: pulumi.Output<string>;
  /** The draft's modifiedAt (Unix seconds) after our last write: later edits are someone else's. */
  declare readonly draftModifiedAt: pulumi.Output<number>;
  /** Who held the edit lock after our last write. */
  declare readonly lockHolder: pulumi.Output<string>;
  /** Version of the provider's state layout. */
  declare readonly schemaVersion: pulumi.Output<number>;

  constructor(name: string, args: DeployedDraftArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      // Output keys seeded so they exist on the resource object (and are unknown, not absent, in preview);
      // `name` and `executionMode` are filled by the provider when the program leaves them out.
      name: undefined,
      executionMode: undefined,
      deploymentDraftId: undefined,
      deploymentId: undefined,
      sqlHash: undefined,
      statementCount: undefined,
      lastValidateTicketId: undefined,
      lastDeployTicketId: undefined,
      lastValidationMessage: undefined,
      lastDeployMessage: undefined,
      deployedAt: undefined,
      draftModifiedAt: undefined,
      lockHolder: undefined,
      schemaVersion: undefined,
      ...args,
      // Internal inputs (the `__` prefix keeps them out of `pulumi preview --diff`):
      // the provider autonames from the resource name and labels the draft with its owner,
      // so a create that crashed can adopt its own draft on the next `up`.
      __resourceName: name,
      __owner: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
    };
    super(deployedDraftProvider, name, props, opts, "alicloud-flink", "DeployedDraft");
  }
}
