/**
 * The interface every SQL validator of the emulator implements: the built-in grammar check
 * (grammar-validator.ts) and, where Java is present, the Flink planner in a JVM sidecar
 * (flink-sidecar.ts). Async, because a sidecar answers over a pipe or socket.
 */
export interface SqlProblem {
  /** 1-based line in the script */
  line: number;
  /** 1-based column in the script */
  column: number;
  endLine?: number;
  /** 1-based, exclusive */
  endColumn?: number;
  message: string;
}

export interface SqlValidationStatement {
  text: string;
  /** 1-based line the statement starts on in the script. */
  line: number;
  /**
   * 1-based column the statement starts at on that line (default 1). Optional so that a validator
   * that only maps lines still implements the interface; columns on the first line are then off.
   */
  column?: number;
}

export interface SqlValidator {
  readonly kind: "flink" | "grammar";
  /** statements: each statement's text and the 1-based line it starts on in the script. Problems carry script lines. */
  validate(request: {
    statements: SqlValidationStatement[];
    mode: "STREAMING" | "BATCH";
  }): Promise<SqlProblem[]>;
  close(): Promise<void>;
}

/** Maps a position inside a statement (1-based, relative to its text) to the script. */
export function toScriptPosition(
  statement: SqlValidationStatement,
  line: number,
  column: number,
): { line: number; column: number } {
  return line === 1
    ? { line: statement.line, column: (statement.column ?? 1) + column - 1 }
    : { line: statement.line + line - 1, column };
}
