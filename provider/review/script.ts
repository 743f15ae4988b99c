// A script as the review sees it: its statements with their kinds, the SET
// options, the views, the TEMPORARY TABLE statements, the processing-time
// columns and every INSERT (one per sink), all over one array of significant
// tokens so that a view defined in one statement can be read from another.
//
// Built on the provider's scanner and splitter (provider/sql), never on the
// 800 KB grammar: a review runs in every diff and must give the same answer
// whatever parser version is installed.
import { normalizeTokens } from "../sql/normalize";
import { LineIndex } from "../sql/positions";
import type { Token } from "../sql/scanner";
import { locateStatements } from "../sql/split";

/** The statement kinds a reviewer is told about. */
export type StatementKind = "DDL" | "DML" | "SET" | "statement set" | "other";

export interface ScriptStatement {
  /** 0-based position in the script (messages show index + 1). */
  index: number;
  /** 1-based line of the statement's first character. */
  line: number;
  kind: StatementKind;
  /** Canonical form (provider/sql/normalize): formatting and comments do not count. */
  normalized: string;
  /** The statement as written. */
  text: string;
  /** First and last+1 index into Script.tokens. */
  first: number;
  end: number;
}

/** One INSERT (or CREATE TABLE … AS) and the query that feeds its sink. */
export interface SinkQuery {
  /** The sink table as written, without backticks: `db`.`t` reads db.t. */
  sink: string;
  /** 0-based statement index. */
  statement: number;
  /** 1-based line of the INSERT keyword. */
  line: number;
  /** Token range of the query (after the target and its column list). */
  first: number;
  end: number;
  /** True when the INSERT sits inside a statement set. */
  inStatementSet: boolean;
}

export interface ViewDefinition {
  name: string;
  statement: number;
  first: number;
  end: number;
}

export class Script {
  readonly lines: LineIndex;
  /** Significant tokens of every statement, in order (hints excluded: see below). */
  readonly tokens: Token[] = [];
  /** Upper-cased text of each token (words and punctuation alike). */
  readonly upper: string[] = [];
  /** For "(" and ")": the index of the matching parenthesis, else -1. */
  readonly match: number[] = [];
  /** The statement index of each token. */
  readonly statementOf: number[] = [];
  readonly statements: ScriptStatement[] = [];
  /** SET options, last value wins, keys lower-cased; values unquoted. */
  readonly settings = new Map<string, string>();
  /** Where each SET key was last set: 0-based statement index and 1-based line. */
  readonly settingAt = new Map<string, { statement: number; line: number }>();
  readonly views = new Map<string, ViewDefinition>();
  /** CREATE TEMPORARY TABLE name → canonical statement text. */
  readonly temporaryTables = new Map<string, string>();
  /** Columns declared `name AS PROCTIME()` in a CREATE TABLE (lower-cased). */
  readonly proctimeColumns = new Set<string>();
  readonly sinks: SinkQuery[] = [];

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    let inSet = false;
    for (const located of locateStatements(text)) {
      const first = this.tokens.length;
      // Hints (/*+ OPTIONS(...) */) are kept out of the structure: they tune
      // connectors and joins but do not change which operators hold state.
      for (const token of located.tokens) {
        if (token.kind === "hint") continue;
        this.tokens.push(token);
        this.upper.push(text.slice(token.start, token.end).toUpperCase());
        this.statementOf.push(located.index);
      }
      const end = this.tokens.length;
      const words = this.upper.slice(first, Math.min(end, first + 4));
      let kind = classify(words, this.upper, first, end);
      const startsSet = isStatementSetStart(words);
      if (startsSet) inSet = true;
      if (inSet) kind = "statement set";
      this.statements.push({
        index: located.index,
        line: located.startLine,
        kind,
        normalized: normalizeTokens(text, located.tokens),
        text: located.text,
        first,
        end,
      });
      if (inSet && words[0] === "END") inSet = false;
    }
    this.matchParentheses();
    for (const statement of this.statements) this.read(statement);
  }

  tokenText(i: number): string {
    const token = this.tokens[i];
    return this.text.slice(token.start, token.end);
  }

  lineOf(i: number): number {
    return this.lines.positionAt(this.tokens[Math.min(i, this.tokens.length - 1)].start).line;
  }

  /** Canonical text of a token range. */
  normalized(first: number, end: number): string {
    return normalizeTokens(this.text, this.tokens.slice(first, end));
  }

  /** An identifier without backticks; a qualified name joined by '.'. */
  identifier(i: number): string {
    const raw = this.tokenText(i);
    return raw.startsWith("`") ? raw.slice(1, -1).replace(/``/g, "`") : raw;
  }

  /** Reads a qualified name (a.b.c) starting at i: [name, index after it]. */
  qualifiedName(i: number, end: number): [string, number] {
    const parts: string[] = [];
    let j = i;
    while (j < end && (this.tokens[j].kind === "word" || this.tokens[j].kind === "quotedIdentifier")) {
      parts.push(this.identifier(j));
      j++;
      if (j < end && this.upper[j] === "." && j + 1 < end) j++;
      else break;
    }
    return [parts.join("."), j];
  }

  private matchParentheses(): void {
    const open: number[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      this.match.push(-1);
      const t = this.upper[i];
      if (this.tokens[i].kind !== "punctuation") continue;
      if (t === "(") open.push(i);
      else if (t === ")") {
        const o = open.pop();
        // An unbalanced ')' stays -1; parsing then treats it as an ordinary token.
        if (o !== undefined && this.statementOf[o] === this.statementOf[i]) {
          this.match[o] = i;
          this.match[i] = o;
        }
      }
    }
  }

  private read(statement: ScriptStatement): void {
    const { first, end } = statement;
    const u = this.upper;
    if (first >= end) return;
    if (u[first] === "SET" && first + 1 < end) {
      const key = this.readSet(first + 1, end);
      if (key) this.settingAt.set(key, { statement: statement.index, line: statement.line });
      return;
    }
    // The INSERTs of a statement set: `EXECUTE STATEMENT SET BEGIN INSERT …` puts
    // the first INSERT in the same statement as BEGIN (the ';' splits after it).
    let i = first;
    if (u[i] === "EXECUTE" && u[i + 1] === "STATEMENT" && u[i + 2] === "SET" && u[i + 3] === "BEGIN") i += 4;
    else if (u[i] === "BEGIN" && u[i + 1] === "STATEMENT" && u[i + 2] === "SET") i += 3;
    if (i >= end) return;
    if (u[i] === "INSERT") {
      this.readInsert(statement, i, end);
      return;
    }
    if (u[i] === "CREATE") this.readCreate(statement, i, end);
  }

  private readSet(i: number, end: number): string | undefined {
    const eq = this.upper.indexOf("=", i);
    if (eq <= i || eq + 1 >= end) return undefined;
    const key = unquote(this.text.slice(this.tokens[i].start, this.tokens[eq - 1].end)).toLowerCase();
    const value = unquote(this.text.slice(this.tokens[eq + 1].start, this.tokens[end - 1].end));
    if (!key) return undefined;
    this.settings.set(key, value);
    return key;
  }

  private readInsert(statement: ScriptStatement, i: number, end: number): void {
    const u = this.upper;
    const insertAt = i;
    i++;
    if (u[i] === "INTO" || u[i] === "OVERWRITE") i++;
    const [sink, after] = this.qualifiedName(i, end);
    if (!sink) return;
    i = after;
    // PARTITION (…) and the column list come before the query.
    for (;;) {
      if (u[i] === "PARTITION" && u[i + 1] === "(" && this.match[i + 1] > 0) i = this.match[i + 1] + 1;
      else if (u[i] === "(" && this.match[i] > 0 && !startsQuery(u[i + 1])) i = this.match[i] + 1;
      else break;
    }
    this.sinks.push({
      sink,
      statement: statement.index,
      line: this.lineOf(insertAt),
      first: i,
      end,
      inStatementSet: statement.kind === "statement set",
    });
  }

  private readCreate(statement: ScriptStatement, i: number, end: number): void {
    const u = this.upper;
    const createAt = i;
    i++;
    const temporary = u[i] === "TEMPORARY";
    while (u[i] === "TEMPORARY" || u[i] === "OR" || u[i] === "REPLACE") i++;
    const object = u[i];
    i++;
    if (u[i] === "IF" && u[i + 1] === "NOT" && u[i + 2] === "EXISTS") i += 3;
    const [name, after] = this.qualifiedName(i, end);
    if (!name) return;
    if (object === "VIEW") {
      let j = after;
      if (u[j] === "(" && this.match[j] > 0) j = this.match[j] + 1;
      if (u[j] === "COMMENT") j += 2;
      if (u[j] === "AS") this.views.set(name, { name, statement: statement.index, first: j + 1, end });
      return;
    }
    if (object !== "TABLE") return;
    if (temporary) this.temporaryTables.set(name, statement.normalized);
    for (let j = after; j + 3 < end; j++) {
      if (u[j] === "AS" && u[j + 1] === "PROCTIME" && u[j + 2] === "(") {
        this.proctimeColumns.add(this.identifier(j - 1).toLowerCase());
      }
    }
    // CREATE TABLE … AS SELECT (CTAS) writes into the table it creates: a sink.
    const asAt = findTopLevel(this, after, end, (k) => u[k] === "AS" && startsQuery(u[k + 1]));
    if (asAt !== -1) {
      this.sinks.push({
        sink: name,
        statement: statement.index,
        line: this.lineOf(createAt),
        first: asAt + 1,
        end,
        inStatementSet: statement.kind === "statement set",
      });
    }
  }
}

export function startsQuery(word: string | undefined): boolean {
  return word === "SELECT" || word === "WITH" || word === "VALUES" || word === "(" || word === "TABLE";
}

/** First index in [i, end) at parenthesis depth 0 where `test` holds, or -1. */
export function findTopLevel(script: Script, i: number, end: number, test: (k: number) => boolean): number {
  for (let k = i; k < end; k++) {
    if (test(k)) return k;
    if (script.upper[k] === "(" && script.match[k] > k) k = script.match[k];
  }
  return -1;
}

function isStatementSetStart(words: string[]): boolean {
  return (
    (words[0] === "EXECUTE" && words[1] === "STATEMENT" && words[2] === "SET") ||
    (words[0] === "BEGIN" && words[1] === "STATEMENT" && words[2] === "SET")
  );
}

function classify(words: string[], upper: string[], first: number, end: number): StatementKind {
  switch (words[0]) {
    case "SET":
    case "RESET":
      return "SET";
    case "INSERT":
    case "SELECT":
    case "WITH":
    case "VALUES":
      return "DML";
    case "CREATE": {
      // CTAS / CDAS (CREATE TABLE|DATABASE … AS …) move data: DML, not DDL. A view's AS does not.
      const object = upper.slice(first + 1, Math.min(end, first + 4));
      if (!object.includes("TABLE") && !object.includes("DATABASE")) return "DDL";
      for (let i = first + 2; i < end; i++) if (upper[i] === "AS" && startsQuery(upper[i + 1])) return "DML";
      return "DDL";
    }
    case "DROP":
    case "ALTER":
    case "USE":
    case "LOAD":
    case "UNLOAD":
    case "ADD":
    case "REMOVE":
      return "DDL";
    default:
      return "other";
  }
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === "`" || t[0] === '"') && t[t.length - 1] === t[0]) {
    return t.slice(1, -1);
  }
  return t;
}
