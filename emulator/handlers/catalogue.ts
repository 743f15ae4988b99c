/** Read-only catalogues: ListEngineVersionMetadata, ListDeploymentTargets, and ValidateSqlStatement. */
import { deploymentTargetsOf } from "../config";
import { quotaView } from "../quotas";
import { findEngineVersion, type EngineCatalogue } from "../validation/engines";
import { splitScript, substitute } from "../sql";
import { namespaceValues } from "../variables";
import { checkScript, missingSecretMessage, validationErrorDetails } from "../validation/draft-validator";
import type { SqlValidator } from "../validation/sql-validator";
import { paginate, parseBody, type RouteSpec } from "./context";
import { SqlStatementWithContextSchema } from "./schemas";

export const catalogueRoutes: RouteSpec[] = [
  {
    method: "GET",
    url: "/api/v2/engine-version-meta.json",
    action: "ListEngineVersionMetadata",
    handle(ctx) {
      const { engines } = ctx.backend.config;
      return {
        data: {
          defaultEngineVersion: engines.defaultVersion,
          engineVersionMetadata: engines.versions.map((v) => ({
            engineVersion: v.name,
            status: v.status,
            features: { useForSqlDeployments: true, supportNativeSavepoint: v.status !== "EXPIRED" },
          })),
        },
      };
    },
  },
  {
    method: "GET",
    url: "/api/v2/namespaces/:namespace/deployment-targets",
    action: "ListDeploymentTargets",
    handle(ctx) {
      const targets = deploymentTargetsOf(ctx.backend.config, ctx.workspace, ctx.namespace).map((name) => ({
        name,
        namespace: ctx.namespace,
        quota: quotaView(ctx.backend, ctx, name),
      }));
      const page = paginate(ctx, "ListDeploymentTargets", targets);
      return { data: page.items, extra: page.extra };
    },
  },
  {
    method: "POST",
    url: "/api/v2/namespaces/:namespace/sql-statement/validate",
    action: "ValidateSqlStatement",
    async handle(ctx) {
      const body = parseBody("ValidateSqlStatement", SqlStatementWithContextSchema, ctx.body);
      return {
        data: await validateStatement(
          ctx.backend.sqlValidator,
          ctx.backend.config.engines,
          body.statement,
          body.batchMode ? "BATCH" : "STREAMING",
          body.versionName,
          namespaceValues(ctx.backend, ctx),
          ctx.namespace,
        ),
      };
    },
  },
];

/**
 * SqlStatementValidationResult. ASSUMPTION: a multi-statement script is accepted (and checked as a whole);
 * the validationResult names the kind of its last statement.
 */
async function validateStatement(
  validator: SqlValidator,
  engines: EngineCatalogue,
  sql: string,
  mode: "STREAMING" | "BATCH",
  versionName: string | undefined,
  secrets: ReadonlyMap<string, string>,
  namespace: string,
): Promise<Record<string, unknown>> {
  if (versionName !== undefined && !findEngineVersion(engines, versionName)) {
    return invalid(
      "VALIDATION_RESULT_INVALID",
      `Engine version ${versionName} does not exist; see ListEngineVersionMetadata.`,
    );
  }
  const substituted = substitute(sql, new Map(), secrets);
  const [missing] = substituted.missingSecrets;
  if (missing !== undefined) {
    return invalid("VALIDATION_RESULT_INVALID", missingSecretMessage(missing, namespace));
  }
  const { statements } = splitScript(substituted.text);
  if (statements.length === 0) return invalid("VALIDATION_RESULT_INVALID", "The statement is empty.");
  const [problem] = await checkScript(validator, substituted.text, mode, [...secrets.values()]);
  if (problem) {
    return {
      success: false,
      message: problem.message,
      validationResult: "VALIDATION_RESULT_INVALID_QUERY",
      errorDetails: { ...validationErrorDetails(problem), invalidflinkConf: [] },
    };
  }
  const last = statements[statements.length - 1].text.toUpperCase();
  let validationResult = "VALIDATION_RESULT_VALID_DDL_STATEMENT";
  if (last.startsWith("INSERT") || last.startsWith("BEGIN") || last.startsWith("END"))
    validationResult = "VALIDATION_RESULT_VALID_INSERT_QUERY";
  else if (last.startsWith("SELECT") || last.startsWith("WITH"))
    validationResult = "VALIDATION_RESULT_VALID_SELECT_QUERY";
  else if (/^(SET|RESET|USE|SHOW|DESC|DESCRIBE|EXPLAIN|LOAD|UNLOAD|ADD|REMOVE)\b/.test(last))
    validationResult = "VALIDATION_RESULT_VALID_COMMAND_STATEMENT";
  return { success: true, message: "", validationResult };
}

function invalid(validationResult: string, message: string): Record<string, unknown> {
  return { success: false, message, validationResult, errorDetails: { message, invalidflinkConf: [] } };
}
