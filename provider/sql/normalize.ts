// The canonical form of a statement, used to compare SQL by meaning in diffs
// and to hash it: formatting, comments, keyword case and the trailing ';' do
// not count; string literals, quoted identifiers, hints and identifier case do.
import { createHash } from "crypto";
import { FLINK_KEYWORDS } from "./keywords";
import { isSignificant, scan, Token } from "./scanner";
import { locateStatements } from "./split";

const NO_SPACE_AFTER = new Set(["(", "[", "."]);
const NO_SPACE_BEFORE = new Set([")", "]", ",", ".", ";", "("]);

function tokenText(text: string, token: Token): string {
  return text.slice(token.start, token.end);
}

/**
 * Joins the significant tokens with canonical spacing, chosen from the tokens
 * alone so that `a=b`, `a = b` and `a\n  =  b` all read `a = b`.
 */
export function normalizeTokens(text: string, tokens: readonly Token[]): string {
  const parts: string[] = [];
  let previous: string | undefined;
  let previousToken: Token | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    let part = tokenText(text, token);
    if (token.kind === "word") {
      const upper = part.toUpperCase();
      // A word next to '.' is part of a qualified name (catalog.db.table, t.col), never a keyword.
      const qualified = previous === "." || (i + 1 < tokens.length && tokenText(text, tokens[i + 1]) === ".");
      if (!qualified && FLINK_KEYWORDS.has(upper)) part = upper;
    }
    if (previous !== undefined && previousToken !== undefined) {
      // Before '(' a space is dropped only after a name (f(x), t(a, b)), so `IN (1)` and `IN(1)` agree
      // while `a - (b)` keeps its operator spacing.
      const callLike =
        part === "(" && (previousToken.kind === "word" || previousToken.kind === "quotedIdentifier");
      // A prefix glued to a literal (X'0F', _UTF8'x') stays glued: a space would change its meaning.
      const prefixedLiteral =
        token.kind === "string" && previousToken.kind === "word" && previousToken.end === token.start;
      // Likewise a placeholder glued to a name or literal: orders_${env} is one identifier once substituted.
      const gluedPlaceholder =
        (token.kind === "placeholder" || previousToken.kind === "placeholder") &&
        previousToken.end === token.start;
      const glued =
        NO_SPACE_AFTER.has(previous) ||
        (NO_SPACE_BEFORE.has(part) && (part !== "(" || callLike)) ||
        prefixedLiteral ||
        gluedPlaceholder;
      if (!glued) parts.push(" ");
    }
    parts.push(part);
    previous = part;
    previousToken = token;
  }
  return parts.join("");
}

/** Canonical form of one statement (a trailing ';' and any comments are dropped). */
export function normalizeStatement(text: string): string {
  const tokens = scan(text).filter(isSignificant);
  while (tokens.length > 0 && tokens[tokens.length - 1].kind === "semicolon") tokens.pop();
  return normalizeTokens(text, tokens);
}

/** Canonical forms of every statement of a script, in order. */
export function normalizeSql(sql: string): string[] {
  return locateStatements(sql).map((statement) => normalizeTokens(sql, statement.tokens));
}

/** "sha256:<hex>" of the script's normalized statements: equal for scripts that differ only in form. */
export function sqlHash(sql: string): string {
  // JSON keeps the statement boundaries unambiguous (a literal may contain ";\n").
  return (
    "sha256:" +
    createHash("sha256")
      .update(JSON.stringify(normalizeSql(sql)), "utf8")
      .digest("hex")
  );
}
