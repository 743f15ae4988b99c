// The local syntax check: every statement through the real Flink SQL grammar,
// problems mapped back to the line and column of the original script.
import { loadFlinkGrammar } from "./grammar";
import { normalizeTokens } from "./normalize";
import { LineIndex, Position } from "./positions";
import { scan, Token } from "./scanner";
import { LocatedStatement, locateStatements } from "./split";

export interface SqlProblem {
  message: string;
  /** 1-based line in the original script */
  line: number;
  /** 1-based column in the original script */
  column: number;
  endLine?: number;
  /** 1-based, exclusive */
  endColumn?: number;
  /** 0-based index of the statement (as in splitStatements); messages show index + 1 */
  statementIndex: number;
  /** the offending line of the original script, a line break, and a caret under the column */
  excerpt: string;
}

export interface CheckSyntaxOptions {
  /** Masks secrets in messages (e.g. variable values already substituted into `sql`). */
  mask?: (text: string) => string;
  /** Masks secrets in excerpts, keeping columns (the caret stays under its column). */
  maskExcerpt?: (text: string) => string;
}

/** Lines longer than this are shown as a window around the column. */
const EXCERPT_WIDTH = 120;

/**
 * A statement set spans several ';'-separated statements but is one unit for
 * the grammar: `BEGIN STATEMENT SET; ...; END;` and
 * `EXECUTE STATEMENT SET BEGIN ...; ...; END;`.
 */
function parseUnits(sql: string, statements: LocatedStatement[]): LocatedStatement[][] {
  const units: LocatedStatement[][] = [];
  for (let i = 0; i < statements.length; i++) {
    const { tokens } = statements[i];
    const opensSet =
      normalizeTokens(sql, tokens.slice(0, 3)) === "BEGIN STATEMENT SET" ||
      normalizeTokens(sql, tokens.slice(0, 4)) === "EXECUTE STATEMENT SET BEGIN";
    if (!opensSet) {
      units.push([statements[i]]);
      continue;
    }
    const unit = [statements[i]];
    while (i + 1 < statements.length && normalizeTokens(sql, statements[i].tokens) !== "END") {
      unit.push(statements[++i]);
    }
    units.push(unit);
  }
  return units;
}

function statementAt(statements: LocatedStatement[], offset: number): number {
  let index = 0;
  for (const statement of statements) {
    if (statement.start <= offset) index = statement.index;
    else break;
  }
  return index;
}

/** A line and a caret under `column`, cut to a window around the column when the line is long. */
export function excerptAt(lineText: string, column: number): string {
  let text = lineText;
  let caretIndex = Math.min(Math.max(column - 1, 0), text.length);
  if (text.length > EXCERPT_WIDTH) {
    const from = Math.max(0, Math.min(caretIndex - EXCERPT_WIDTH / 2, text.length - EXCERPT_WIDTH));
    const prefix = from > 0 ? "…" : "";
    const suffix = from + EXCERPT_WIDTH < text.length ? "…" : "";
    text = prefix + text.slice(from, from + EXCERPT_WIDTH) + suffix;
    caretIndex = caretIndex - from + prefix.length;
  }
  // Tabs are copied so that the caret lines up however the terminal renders them.
  const padding = text.slice(0, caretIndex).replace(/[^\t]/g, " ");
  return `${text}\n${padding}^`;
}

const UNTERMINATED: Partial<Record<Token["kind"], string>> = {
  string: "string literal is not closed: add the closing '",
  doubleQuoted: 'double-quoted text is not closed: add the closing "',
  quotedIdentifier: "quoted identifier is not closed: add the closing `",
  blockComment: "comment is not closed: add the closing */",
  hint: "hint is not closed: add the closing */",
};

/**
 * Syntax problems of a Flink SQL script according to dt-sql-parser's Flink
 * grammar; [] when it parses. The grammar has gaps, so callers treat problems
 * as warnings unless asked to be strict: it rejects valid Flink SQL such as an
 * OVER aggregation without an alias, the SESSION window TVF, CREATE TABLE ...
 * LIKE without a column list, CREATE DATABASE without WITH, and non-ASCII
 * unquoted identifiers (see tests/unit/sql-check.test.ts); it also reads `#`
 * as a line comment, which Flink does not. At most one problem per statement:
 * later ones are mostly consequences of the first. Nothing is printed.
 *
 * Run it on SQL whose `${variables}` are substituted, and pass the masking of
 * secret values (secrets.ts) in `options`.
 */
export function checkSyntax(sql: string, options: CheckSyntaxOptions = {}): SqlProblem[] {
  const mask = options.mask ?? ((text: string) => text);
  const maskExcerpt = options.maskExcerpt ?? mask;
  const lines = new LineIndex(sql);
  const statements = locateStatements(sql);
  const problems: SqlProblem[] = [];
  const problemAt = (message: string, start: Position, end?: Position): SqlProblem => ({
    message: mask(message),
    line: start.line,
    column: start.column,
    ...(end ? { endLine: end.line, endColumn: end.column } : {}),
    statementIndex: statementAt(statements, lines.offsetAt(start)),
    excerpt: maskExcerpt(excerptAt(lines.lineText(start.line), start.column)),
  });

  // An unclosed quote or comment swallows the rest of the script, so it can only be the last token.
  const tokens = scan(sql);
  const last = tokens[tokens.length - 1];
  const unterminatedMessage = last?.unterminated ? UNTERMINATED[last.kind] : undefined;

  const grammar = loadFlinkGrammar();
  for (const unit of parseUnits(sql, statements)) {
    const first = unit[0];
    const end = unit[unit.length - 1].end;
    if (unterminatedMessage !== undefined && last.start < end) continue;
    const [error] = grammar.syntaxErrors(sql.slice(first.start, end));
    if (error === undefined) continue;
    // Positions are relative to the slice, which starts at the first statement's first character.
    const toScript = (line: number, column: number): Position =>
      line === 1
        ? { line: first.startLine, column: first.startColumn + column - 1 }
        : { line: first.startLine + line - 1, column };
    const start = toScript(error.startLine, error.startColumn);
    // At the end of the input the parser's "token" is <EOF>, which has no extent worth reporting.
    const atEnd = lines.offsetAt(start) >= end;
    problems.push(
      problemAt(error.message, start, atEnd ? undefined : toScript(error.endLine, error.endColumn)),
    );
  }
  if (unterminatedMessage !== undefined) {
    problems.push(problemAt(unterminatedMessage, lines.positionAt(last.start)));
  }
  return problems;
}

/** "statement 2, line 5, column 12: <message>" and the excerpt, indented; `label` (a file or resource) first. */
export function formatProblem(problem: SqlProblem, label?: string): string {
  const where = `statement ${problem.statementIndex + 1}, line ${problem.line}, column ${problem.column}`;
  const excerpt = problem.excerpt
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `${label ? `${label}: ` : ""}${where}: ${problem.message}\n${excerpt}`;
}
