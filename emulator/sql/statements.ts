/**
 * The emulator's own statement splitter (it shares no code with provider/, DESIGN.md §7: an oracle
 * must not inherit the provider's bugs). It follows Flink SQL's lexical rules:
 * - `-- comment` runs to the end of the line, which ends at "\n", "\r\n" or a lone "\r"
 *   (Flink's lexer: SIMPLE_COMMENT '--' ~[\r\n]* '\r'? '\n'?);
 * - `/* comment *\/` (hints `/*+ ... *\/` included) runs to the first `*\/`;
 * - `'string'` doubles a quote to escape it (`'it''s'`);
 * - `` `identifier` `` doubles a backtick to escape it.
 * A `;` inside any of these does not end a statement. Lines are counted at "\n", "\r\n" and a lone "\r".
 */

export interface ScriptStatement {
  /** The statement from its first significant character to its last, without the ending ';'. */
  text: string;
  /** 1-based line of the first character in the script. */
  line: number;
  /** 1-based column of the first character on that line. */
  column: number;
  /** Offsets in the script: [start, end) of `text`. */
  start: number;
  end: number;
}

/** Where a lexical region that never closed begins (an unterminated string, comment or identifier). */
export interface UnclosedRegion {
  kind: "string" | "identifier" | "comment";
  offset: number;
  line: number;
  column: number;
}

export interface SplitResult {
  statements: ScriptStatement[];
  unclosed?: UnclosedRegion;
}

type Mode = "code" | "lineComment" | "blockComment" | "string" | "identifier";

/** Counts lines the way the splitter does, for offsets → line/column. */
export class LineCounter {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) this.starts.push(i + 1);
    }
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/**
 * Splits a script at the semicolons that end statements. Statements made only of whitespace and
 * comments are dropped. An unclosed string/comment/identifier swallows the rest of the script; it is
 * reported in `unclosed` (the text up to the end still forms the last statement).
 */
export function splitScript(script: string): SplitResult {
  const lines = new LineCounter(script);
  const statements: ScriptStatement[] = [];
  let mode: Mode = "code";
  let regionStart = 0;
  /** First and last+1 offsets of significant characters of the current statement (-1: none yet). */
  let first = -1;
  let last = -1;
  const mark = (from: number, to: number): void => {
    if (first === -1) first = from;
    last = to;
  };
  const flush = (): void => {
    if (first !== -1) {
      const where = lines.at(first);
      statements.push({
        text: script.slice(first, last),
        line: where.line,
        column: where.column,
        start: first,
        end: last,
      });
    }
    first = -1;
    last = -1;
  };

  let i = 0;
  while (i < script.length) {
    const c = script[i];
    const next = script[i + 1];
    switch (mode) {
      case "code":
        if (c === "-" && next === "-") {
          mode = "lineComment";
          i += 2;
        } else if (c === "/" && next === "*") {
          // Hints (/*+ ... */) are part of the statement; plain comments are not, but keeping a
          // comment inside the statement's extent is harmless, so only the extent's ends matter.
          mode = "blockComment";
          regionStart = i;
          i += 2;
        } else if (c === "'") {
          mode = "string";
          regionStart = i;
          mark(i, i + 1);
          i += 1;
        } else if (c === "`") {
          mode = "identifier";
          regionStart = i;
          mark(i, i + 1);
          i += 1;
        } else if (c === ";") {
          flush();
          i += 1;
        } else {
          if (!/\s/.test(c)) mark(i, i + 1);
          i += 1;
        }
        break;
      case "lineComment":
        if (c === "\n" || c === "\r") mode = "code";
        i += 1;
        break;
      case "blockComment":
        if (c === "*" && next === "/") {
          mode = "code";
          // A hint belongs to the statement it is in.
          if (script[regionStart + 2] === "+") mark(regionStart, i + 2);
          i += 2;
        } else i += 1;
        break;
      case "string":
      case "identifier": {
        const quote = mode === "string" ? "'" : "`";
        if (c === quote && next === quote) {
          i += 2;
        } else if (c === quote) {
          mode = "code";
          i += 1;
        } else i += 1;
        last = i;
        break;
      }
    }
  }
  let unclosed: UnclosedRegion | undefined;
  if (mode === "string" || mode === "identifier" || mode === "blockComment") {
    const where = lines.at(regionStart);
    unclosed = { kind: mode === "blockComment" ? "comment" : mode, offset: regionStart, ...where };
    if (mode !== "blockComment") last = script.length;
  }
  flush();
  return unclosed ? { statements, unclosed } : { statements };
}

/** The first words of a statement in upper case, comments and extra whitespace removed. */
export function leadingWords(text: string, count: number): string {
  const words: string[] = [];
  const re = /--[^\r\n]*|\/\*[\s\S]*?\*\/|([A-Za-z_]+)|(\S)/g;
  for (let m = re.exec(text); m !== null && words.length < count; m = re.exec(text)) {
    if (m[1] !== undefined) words.push(m[1].toUpperCase());
    else if (m[2] !== undefined) break;
  }
  return words.join(" ");
}

/**
 * A statement set is several ';'-separated statements that Flink parses as one:
 * `BEGIN STATEMENT SET; ...; END;` and `EXECUTE STATEMENT SET BEGIN ...; END;`. Merges each into
 * one statement spanning its parts (the inner semicolons included), so a validator sees it whole.
 */
export function groupStatementSets(script: string, statements: ScriptStatement[]): ScriptStatement[] {
  const grouped: ScriptStatement[] = [];
  for (let i = 0; i < statements.length; i += 1) {
    const opener = statements[i];
    const opens =
      leadingWords(opener.text, 3) === "BEGIN STATEMENT SET" ||
      leadingWords(opener.text, 4) === "EXECUTE STATEMENT SET BEGIN";
    if (!opens) {
      grouped.push(opener);
      continue;
    }
    let j = i;
    while (j + 1 < statements.length && leadingWords(statements[j].text, 2) !== "END") j += 1;
    const closer = statements[j];
    // Include the closing statement's own ';' when there is one, as Flink's parser expects `END;`.
    const end = script[closer.end] === ";" ? closer.end + 1 : closer.end;
    grouped.push({ ...opener, text: script.slice(opener.start, end), end });
    i = j;
  }
  return grouped;
}
