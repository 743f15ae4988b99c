/**
 * What the emulator's validate (and deploy without skipValidate) checks on a draft:
 * engine version against the catalogue, the deployment target, `${var}` substitution from the
 * draft's localVariables, at least one statement, and SQL through the configured SqlValidator.
 * The result has the shapes of the SDK's DraftValidationDetail / ValidateStatementResult.
 */
import type { SqlParserErrorSeverity } from "../config";
import { groupStatementSets, splitScript, substitute } from "../sql";
import type {
  DraftMetaInfoErrorDetail,
  DraftRecord,
  ValidationErrorDetails,
  ValidationOutcome,
} from "../store";
import { findEngineVersion, type EngineCatalogue } from "./engines";
import type { SqlProblem, SqlValidator } from "./sql-validator";

export interface DraftValidatorOptions {
  sqlValidator: SqlValidator;
  sqlParserErrorsAs: SqlParserErrorSeverity;
  /** Names of the deployment targets (resource queues) of the draft's namespace. */
  deploymentTargets: string[];
  engines: EngineCatalogue;
  /** The namespace's variables (name → value) for `${secret_values.<name>}`. */
  namespaceVariables: ReadonlyMap<string, string>;
}

const UNCLOSED_MESSAGES = {
  string: "string literal is not closed: add the closing '",
  identifier: "quoted identifier is not closed: add the closing `",
  comment: "comment is not closed: add the closing */",
} as const;

/**
 * Syntax problems of a script (variables already substituted) by the configured validator; values in
 * `redact` (the variables' values, secrets among them) are masked in the messages.
 */
export async function checkScript(
  validator: SqlValidator,
  script: string,
  mode: "STREAMING" | "BATCH",
  redact: readonly string[],
): Promise<SqlProblem[]> {
  const split = splitScript(script);
  // The grammar parses a statement set as one statement; Flink's planner takes its parts one by one
  // (`BEGIN STATEMENT SET;`, each INSERT, `END;`), as its SQL client does.
  const parts = validator.kind === "flink" ? split.statements : groupStatementSets(script, split.statements);
  const statements = parts.filter(
    // An unclosed region swallows the rest of the script: it is reported once, below, not parsed.
    (s) => split.unclosed === undefined || s.end <= split.unclosed.offset,
  );
  const problems = await validator.validate({
    statements: statements.map((s) => ({ text: s.text, line: s.line, column: s.column })),
    mode,
  });
  if (split.unclosed) {
    const { line, column, kind } = split.unclosed;
    problems.push({ line, column, message: UNCLOSED_MESSAGES[kind] });
  }
  return problems.map((p) => ({ ...p, message: mask(p.message, redact) }));
}

function mask(text: string, redact: readonly string[]): string {
  let masked = text;
  for (const value of redact)
    if (value.length > 0) masked = masked.split(value).join("*".repeat(value.length));
  return masked;
}

export async function validateDraft(
  draft: DraftRecord,
  targetName: string,
  options: DraftValidatorOptions,
): Promise<ValidationOutcome> {
  const meta: DraftMetaInfoErrorDetail[] = [];
  const warnings: string[] = [];

  if (!draft.engineVersion) {
    meta.push({
      reason: "ENGINE_VERSION_MISSING",
      message: "The draft has no engineVersion; set one from ListEngineVersionMetadata.",
    });
  } else {
    const engine = findEngineVersion(options.engines, draft.engineVersion);
    if (!engine) {
      meta.push({
        reason: "ENGINE_VERSION_UNKNOWN",
        message: `Engine version ${draft.engineVersion} does not exist; see ListEngineVersionMetadata.`,
      });
    } else if (engine.status === "EXPIRED") {
      meta.push({
        reason: "ENGINE_VERSION_EXPIRED",
        message: `Engine version ${draft.engineVersion} has EXPIRED and can no longer be deployed; choose a STABLE version.`,
      });
    } else if (engine.status === "DEPRECATED") {
      warnings.push(`Engine version ${draft.engineVersion} is DEPRECATED; consider a STABLE version.`);
    }
  }

  if (!options.deploymentTargets.includes(targetName)) {
    meta.push({
      reason: "DEPLOYMENT_TARGET_NOT_FOUND",
      message: `Deployment target ${targetName} does not exist in namespace ${draft.namespace} (existing: ${options.deploymentTargets.join(", ")}).`,
    });
  }

  if (draft.artifact.kind !== "SQLSCRIPT") {
    return outcome(meta, warnings, undefined, "VALIDATION_RESULT_VALID_DDL_STATEMENT");
  }

  const variables = new Map((draft.localVariables ?? []).map((v) => [v.name, v.value]));
  const substituted = substitute(
    draft.artifact.sqlArtifact?.sqlScript ?? "",
    variables,
    options.namespaceVariables,
  );
  for (const name of substituted.missing) {
    meta.push({
      reason: "VARIABLE_NOT_DEFINED",
      message: `The SQL uses \${${name}} but the draft defines no local variable ${name}.`,
    });
  }
  for (const name of substituted.missingSecrets) {
    meta.push({ reason: "SECRET_VALUE_NOT_FOUND", message: missingSecretMessage(name, draft.namespace) });
  }
  if (splitScript(substituted.text).statements.length === 0) {
    meta.push({ reason: "SQL_EMPTY", message: "The SQL script contains no statement." });
    return outcome(meta, warnings, undefined, "VALIDATION_RESULT_INVALID");
  }

  const mode = draft.executionMode === "BATCH" ? "BATCH" : "STREAMING";
  const problems = await checkScript(options.sqlValidator, substituted.text, mode, [
    ...variables.values(),
    ...options.namespaceVariables.values(),
  ]);
  const first = problems[0];
  if (first && options.sqlParserErrorsAs === "warning") {
    for (const p of problems) warnings.push(`SQL line ${p.line}, column ${p.column}: ${p.message}`);
    return outcome(meta, warnings, undefined, "VALIDATION_RESULT_VALID_INSERT_QUERY");
  }
  const sqlError = first ? validationErrorDetails(first) : undefined;
  return outcome(
    meta,
    warnings,
    sqlError,
    first ? "VALIDATION_RESULT_INVALID_QUERY" : "VALIDATION_RESULT_VALID_INSERT_QUERY",
  );
}

/** ASSUMPTION: the wording (the service's message for an unknown namespace variable is not public). */
export function missingSecretMessage(name: string, namespace: string): string {
  return `The SQL uses \${secret_values.${name}} but namespace ${namespace} has no variable ${name}; create it with CreateVariable.`;
}

/** ValidationErrorDetails: every field a string, as the SDK models it. */
export function validationErrorDetails(problem: SqlProblem): ValidationErrorDetails {
  return {
    lineNumber: String(problem.line),
    columnNumber: String(problem.column),
    endLineNumber: String(problem.endLine ?? problem.line),
    endColumnNumber: String(problem.endColumn ?? problem.column + 1),
    message: problem.message,
  };
}

function outcome(
  meta: DraftMetaInfoErrorDetail[],
  warnings: string[],
  sqlErrorDetail: ValidationOutcome["sqlErrorDetail"],
  sqlValidationResult: string,
): ValidationOutcome {
  const success = meta.length === 0 && sqlErrorDetail === undefined;
  let message = "";
  if (sqlErrorDetail) message = `Validation error: SQL validate failed: ${sqlErrorDetail.message}`;
  else if (meta.length > 0) message = `Validation error: ${meta.map((m) => m.message).join(" ")}`;
  else if (warnings.length > 0) message = warnings.join(" ");
  return { success, message, sqlValidationResult, sqlErrorDetail, draftMetaInfoErrorDetails: meta, warnings };
}
