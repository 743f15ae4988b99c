/**
 * Turns the service's validation details (line/column as strings) into a
 * message that points at the user's SQL: statement, line, column, the line
 * itself and a caret. Secrets are masked (secrets.ts) in anything the service
 * echoes back.
 */
import type { ValidationErrorDetails } from "./client";
import type { Secrets } from "./secrets";
import { formatProblem, splitStatements, type SqlProblem } from "./sql";
import { excerptAt } from "./sql/check";
import { LineIndex } from "./sql/positions";

/** The service's message is quoted up to this many characters: it may echo a whole script. */
const MAX_SERVICE_MESSAGE = 2_000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
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
  const text = new LineIndex(sql).lineText(line);
  const statements = splitStatements(sql);
  const statement = [...statements].reverse().find((s) => s.startLine <= line);
  return {
    message: details?.message || fallbackMessage,
    line,
    column,
    statementIndex: statement?.index ?? 0,
    excerpt: excerptAt(text, column),
  };
}

/** "<what> failed: <message>" plus, when the service gave a position, the SQL excerpt. */
export function describeServiceFailure(
  what: string,
  message: string | undefined,
  details: ValidationErrorDetails | undefined,
  sql: string,
  secrets: Secrets,
): string {
  const summary = clip(message || details?.message || "no message from the service", MAX_SERVICE_MESSAGE);
  const problem = problemFromDetails(sql, details, summary);
  const body = problem ? `${summary}\n${formatProblem(problem, "sql")}` : summary;
  return secrets.mask(`${what} failed: ${body}`);
}
