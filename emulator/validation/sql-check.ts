/**
 * The SQL syntax check behind the emulator's validation: by default the project's Flink grammar check
 * (provider/sql, dt-sql-parser's FlinkSQL grammar), behind a one-function interface so tests and
 * embedders can swap it (Backend.sqlChecker).
 */
import { checkSyntax, type SqlProblem } from "../../provider/sql";

export type { SqlProblem } from "../../provider/sql";

/** Syntax problems of a script ([] when it parses); `redact` values are masked in messages. */
export type SqlChecker = (sql: string, redact: readonly string[]) => SqlProblem[];

export const flinkGrammarChecker: SqlChecker = (sql, redact) => checkSyntax(sql, { redact });
