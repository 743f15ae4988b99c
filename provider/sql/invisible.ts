// Invisible characters outside string literals and comments: Flink's lexer
// does not take a no-break space or a byte-order mark as whitespace, and a
// message that only says `" " is no valid input` leaves the user nowhere.
import { LineIndex } from "./positions";
import { INVISIBLE_CHARACTERS, scan } from "./scanner";

const NAMES: Record<string, string> = {
  "\u00A0": "NO-BREAK SPACE",
  "\uFEFF": "BYTE ORDER MARK (ZERO WIDTH NO-BREAK SPACE)",
  "\u200B": "ZERO WIDTH SPACE",
  "\u200C": "ZERO WIDTH NON-JOINER",
  "\u200D": "ZERO WIDTH JOINER",
  "\u2028": "LINE SEPARATOR",
  "\u2029": "PARAGRAPH SEPARATOR",
  "\u202F": "NARROW NO-BREAK SPACE",
  "\u3000": "IDEOGRAPHIC SPACE",
};

export interface InvisibleCharacter {
  /** "U+00A0" */
  codePoint: string;
  name: string;
  line: number;
  column: number;
}

/** The first invisible character where Flink would read SQL (not in a string, quoted identifier or comment). */
export function findInvisibleCharacter(sql: string): InvisibleCharacter | undefined {
  // None anywhere, none outside strings and comments: the common case costs one native search, not a scan.
  if (!INVISIBLE_CHARACTERS.test(sql)) return undefined;
  for (const token of scan(sql)) {
    if (token.kind === "string" || token.kind === "quotedIdentifier" || token.kind === "doubleQuoted")
      continue;
    if (token.kind === "lineComment" || token.kind === "blockComment") continue;
    const text = sql.slice(token.start, token.end);
    const match = INVISIBLE_CHARACTERS.exec(text);
    if (!match) continue;
    const character = match[0];
    const position = new LineIndex(sql).positionAt(token.start + match.index);
    return {
      codePoint: `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
      name: NAMES[character] ?? "invisible Unicode space",
      ...position,
    };
  }
  return undefined;
}
