/**
 * Turns the service's validation details (line/column as strings) into a
 * message that points at the user's SQL: statement, line, column, the line
 * itself and a caret. Values of local variables are masked in anything the
 * service echoes back, since some of them are secrets.
 */
import type { ValidationErrorDetails } from "./client";
import { formatProblem, splitStatements, type SqlProblem } from "./sql";

const MASK = "******";
/** Shorter values are too likely to match ordinary text to be worth masking. */
const MIN_MASKED_LENGTH = 3;

export function redact(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((s) => s.length >= MIN_MASKED_LENGTH)
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join(MASK), text);
}

function positiveInt(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A SqlProblem for the service's error details, or undefined when they carry no position. */
export function problemFromDetails(
  sql: string,
  details: ValidationErrorDetails | undefined,
  fallbackMessage: string,
): SqlProblem | undefined {
  const line = positiveInt(details?.lineNumber);
  if (line === undefined) return undefined;
  const column = positiveInt(details?.columnNumber) ?? 1;
  const lines = sql.split(/\r?\n/);
  const text = lines[line - 1] ?? "";
  const statements = splitStatements(sql);
  const statement = [...statements].reverse().find((s) => s.startLine <= line);
  return {
    message: details?.message || fallbackMessage,
    line,
    column,
    statementIndex: statement?.index ?? 0,
    excerpt: `${text}\n${" ".repeat(Math.max(0, column - 1))}^`,
  };
}

/** "<what> failed: <message>" plus, when the service gave a position, the SQL excerpt. */
export function describeServiceFailure(
  what: string,
  message: string | undefined,
  details: ValidationErrorDetails | undefined,
  sql: string,
  secrets: readonly string[],
): string {
  const summary = message || details?.message || "no message from the service";
  const problem = problemFromDetails(sql, details, summary);
  const body = problem ? `${summary}\n${formatProblem(problem, "sql")}` : summary;
  return redact(`${what} failed: ${body}`, secrets);
}
