/**
 * The built-in SqlValidator: each statement (statement sets whole) through dt-sql-parser's FlinkSQL
 * grammar. It checks syntax only — no catalog, no types, no connectors — and the grammar has gaps
 * (some MATCH_RECOGNIZE and OVER ... RANGE forms), hence `sqlParserErrorsAs: "warning"`.
 * At most one problem per statement: later ones are mostly consequences of the first.
 */
import { flinkGrammar } from "./flink-grammar";
import { toScriptPosition, type SqlProblem, type SqlValidator } from "./sql-validator";

/** Statements longer than this are not parsed by the grammar (see validate). */
export const MAX_GRAMMAR_STATEMENT_CHARS = 32 * 1024;

export class GrammarSqlValidator implements SqlValidator {
  readonly kind = "grammar";

  /** Loads the grammar now rather than inside the first validation, where it would skew timings. */
  warmUp(): void {
    flinkGrammar().syntaxErrors("SELECT 1");
  }

  validate(request: Parameters<SqlValidator["validate"]>[0]): Promise<SqlProblem[]> {
    const grammar = flinkGrammar();
    const problems: SqlProblem[] = [];
    for (const statement of request.statements) {
      // ASSUMPTION (emulator limit, not the service's): the grammar backtracks on very long
      // statements (a 40 KB chain of `1 + 1 + …` takes minutes and would block every request), so
      // longer statements are not parsed; the Flink planner sidecar has its own time limit instead.
      if (statement.text.length > MAX_GRAMMAR_STATEMENT_CHARS) continue;
      const [error] = grammar.syntaxErrors(statement.text);
      if (error === undefined) continue;
      const start = toScriptPosition(statement, error.startLine, error.startColumn);
      const lines = statement.text.split(/\r\n|\r|\n/);
      // At the end of the text the offending "token" is <EOF>: no extent worth reporting.
      const atEnd =
        error.startLine > lines.length ||
        (error.startLine === lines.length && error.startColumn > lines[lines.length - 1].length);
      const problem: SqlProblem = { ...start, message: error.message };
      if (!atEnd) {
        const end = toScriptPosition(statement, error.endLine, error.endColumn);
        problem.endLine = end.line;
        problem.endColumn = end.column;
      }
      problems.push(problem);
    }
    return Promise.resolve(problems);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
