// A small, single-pass SQL scanner: the one place that knows where comments,
// string literals and quoted identifiers begin and end.
//
// Why not dt-sql-parser's ANTLR lexer: splitting and normalization run on every
// diff and hash (a preview of 100 resources, scripts up to 1 MB), must not pay
// for loading an 800 KB grammar, and must give the same answer whatever parser
// version is installed. Recognising Flink's lexical structure needs only the
// rules below; the grammar is used where it matters, for the syntax check.

export type TokenKind =
  | "space"
  | "lineComment" // -- ... end of line
  | "blockComment" // /* ... */
  | "hint" // /*+ ... */ : a Flink query hint, which is part of the statement's meaning
  | "word" // unquoted identifier or keyword
  | "quotedIdentifier" // `...` with `` as an escaped backtick
  | "string" // '...' with '' as an escaped quote
  | "doubleQuoted" // "..." with "" as an escaped quote
  | "number"
  | "placeholder" // ${name}: a variable the service substitutes
  | "semicolon"
  | "punctuation";

export interface Token {
  kind: TokenKind;
  /** offset of the first character in the scanned text */
  start: number;
  /** offset after the last character */
  end: number;
  /** true when a string, quoted identifier or comment runs to the end of the text without closing */
  unterminated?: boolean;
}

/** Tokens that carry meaning (not whitespace and not plain comments). */
export function isSignificant(token: Token): boolean {
  return token.kind !== "space" && token.kind !== "lineComment" && token.kind !== "blockComment";
}

const TWO_CHARACTER_OPERATORS = new Set(["<>", "<=", ">=", "!=", "||", "=>", "::"]);

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Characters that look like whitespace (or nothing) but that Flink's lexer
 * does not take as whitespace: a byte-order mark, no-break and other Unicode
 * spaces, zero-width characters, line and paragraph separators. Pasted from
 * a wiki or an editor, they break a script in ways no one can see; check
 * names them with their line and column (sql/invisible.ts).
 */
export const INVISIBLE_CHARACTERS =
  /[\u00A0\u1680\u180E\u2000-\u200F\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]/;

/** Letters, digits, `_`, `$`, and any other non-ASCII character (Flink accepts Unicode identifiers). */
function isWordPart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    isDigit(code) ||
    code === 95 ||
    code === 36 ||
    (code > 127 && !INVISIBLE_CHARACTERS.test(String.fromCharCode(code)))
  );
}

function isWordStart(code: number): boolean {
  return isWordPart(code) && !isDigit(code) && code !== 36;
}

/** Scans a quoted run whose closing quote is escaped by doubling it ('it''s', `a``b`). */
function scanQuoted(text: string, start: number, quote: number): { end: number; unterminated: boolean } {
  let i = start + 1;
  while (i < text.length) {
    if (text.charCodeAt(i) === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      return { end: i + 1, unterminated: false };
    }
    i++;
  }
  return { end: text.length, unterminated: true };
}

function scanNumber(text: string, start: number): number {
  let i = start;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69 /* e E */) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(text.charCodeAt(j))) {
      while (isDigit(text.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

const PLACEHOLDER = /\$\{[A-Za-z0-9_.-]+\}/y;

/** End offset of the `${name}` placeholder starting at `start`, or -1 when there is none. */
export function placeholderEnd(text: string, start: number): number {
  PLACEHOLDER.lastIndex = start;
  return PLACEHOLDER.test(text) ? PLACEHOLDER.lastIndex : -1;
}

/** Splits `text` into tokens that cover it completely, in order. Never throws. */
export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const start = i;
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (isSpace(code)) {
      while (i < length && isSpace(text.charCodeAt(i))) i++;
      tokens.push({ kind: "space", start, end: i });
    } else if (code === 45 /* - */ && next === 45) {
      // Flink's lexer ends a `--` comment at "\n" or "\r" (a lone "\r" too: old Mac line endings).
      while (i < length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      tokens.push({ kind: "lineComment", start, end: i });
    } else if (code === 47 /* / */ && next === 42 /* * */) {
      const close = text.indexOf("*/", i + 2);
      const kind = text.charCodeAt(i + 2) === 43 /* + */ ? "hint" : "blockComment";
      if (close === -1) {
        tokens.push({ kind, start, end: length, unterminated: true });
        i = length;
      } else {
        i = close + 2;
        tokens.push({ kind, start, end: i });
      }
    } else if (code === 39 /* ' */ || code === 96 /* ` */ || code === 34 /* " */) {
      const quoted = scanQuoted(text, i, code);
      i = quoted.end;
      const kind = code === 39 ? "string" : code === 96 ? "quotedIdentifier" : "doubleQuoted";
      tokens.push(
        quoted.unterminated ? { kind, start, end: i, unterminated: true } : { kind, start, end: i },
      );
    } else if (code === 36 /* $ */ && next === 123 /* { */ && placeholderEnd(text, i) !== -1) {
      i = placeholderEnd(text, i);
      tokens.push({ kind: "placeholder", start, end: i });
    } else if (isDigit(code) || (code === 46 /* . */ && isDigit(next))) {
      i = scanNumber(text, i);
      tokens.push({ kind: "number", start, end: i });
    } else if (isWordStart(code)) {
      // A placeholder glued to a word (orders_${env}) is its own token: its name is case-sensitive.
      for (let c = code; i < length && isWordPart(c); c = text.charCodeAt(++i)) {
        if (c === 36 /* $ */ && placeholderEnd(text, i) !== -1) break;
      }
      tokens.push({ kind: "word", start, end: i });
    } else if (code === 59 /* ; */) {
      i++;
      tokens.push({ kind: "semicolon", start, end: i });
    } else {
      i += TWO_CHARACTER_OPERATORS.has(text.slice(i, i + 2)) ? 2 : 1;
      tokens.push({ kind: "punctuation", start, end: i });
    }
  }
  return tokens;
}
