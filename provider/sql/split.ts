// Splitting a script into statements at the semicolons that end them.
import { LineIndex } from "./positions";
import { isSignificant, scan, Token } from "./scanner";

export interface SqlStatement {
  /** The statement as written, from its first token to its last, without the trailing ';'. */
  text: string;
  /** 0-based position of the statement in the script (messages show index + 1). */
  index: number;
  /** 1-based line of the statement's first character in the original script. */
  startLine: number;
  /** 1-based column of the statement's first character in the original script. */
  startColumn: number;
}

/** A statement with its offsets and significant tokens in the original script (internal). */
export interface LocatedStatement extends SqlStatement {
  start: number;
  end: number;
  /** significant tokens (no whitespace or plain comments), offsets relative to the script */
  tokens: Token[];
}

/**
 * Statements of a script with their tokens. Semicolons inside comments, string
 * literals, "double-quoted" text and `quoted identifiers` do not split;
 * statements made only of whitespace and comments are dropped.
 */
export function locateStatements(sql: string): LocatedStatement[] {
  const statements: LocatedStatement[] = [];
  const lines = new LineIndex(sql);
  let current: Token[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const start = current[0].start;
    const end = current[current.length - 1].end;
    const { line, column } = lines.positionAt(start);
    statements.push({
      text: sql.slice(start, end),
      index: statements.length,
      startLine: line,
      startColumn: column,
      start,
      end,
      tokens: current,
    });
    current = [];
  };
  for (const token of scan(sql)) {
    if (token.kind === "semicolon") flush();
    else if (isSignificant(token)) current.push(token);
  }
  flush();
  return statements;
}

/**
 * Whether the script has a statement at all, not only whitespace, comments
 * and semicolons: what `splitStatements(sql).length > 0` says, without
 * building the statements and their positions (check asks it of every
 * script, changed or not).
 */
export function hasStatement(sql: string): boolean {
  return scan(sql).some((token) => token.kind !== "semicolon" && isSignificant(token));
}

export function splitStatements(sql: string): SqlStatement[] {
  return locateStatements(sql).map(({ text, index, startLine, startColumn }) => ({
    text,
    index,
    startLine,
    startColumn,
  }));
}
