/**
 * The one masking mechanism every message, log line and message-like output
 * goes through (docs/design.md §4.3, §4.4).
 *
 * Which inputs are secret: the engine strips secret markers before calling
 * the provider, so the SDK tells it, in the internal input `__secretInputs`
 * (e.g. ["sql", "localVariables.kafkaPassword"]), computed with
 * pulumi.isSecret in the program. A state written before that input existed
 * has none: every local variable value is then treated as a secret (values of
 * at least 3 characters, as before).
 *
 * What is masked, in any text:
 * - each secret value, wherever it appears;
 * - each part of it (split at whitespace and punctuation, 3 characters or
 *   more): a parser quotes the token it stopped at, which may be one word of a
 *   secret with a space in it;
 * - a secret of 1 or 2 characters where it stands alone as a token (not inside
 *   other words), so that short secrets are masked without garbling the text;
 * - when `sql` itself is secret, every identifier, literal and number of the
 *   script (keywords excepted): no excerpt of it can survive.
 */
import { z } from "zod";
import { FLINK_KEYWORDS } from "./sql/keywords";
import { scan } from "./sql/scanner";

export const MASK = "******";

const LONG_ENOUGH_ANYWHERE = 3;

const InputsSchema = z.looseObject({
  sql: z.unknown().optional(),
  localVariables: z.record(z.string(), z.unknown()).optional(),
  __secretInputs: z.array(z.string()).optional(),
});

export class Secrets {
  /** Masked wherever they appear (longest first). */
  private readonly anywhere: string[];
  /** Masked only as whole tokens. */
  private readonly asTokens: string[];

  private constructor(
    values: readonly string[],
    readonly sqlIsSecret: boolean,
    sqlTokens: readonly string[],
    shortValuesToo: boolean,
  ) {
    const anywhere = new Set<string>();
    const asTokens = new Set<string>();
    for (const value of [...values, ...sqlTokens]) {
      if (value.length === 0) continue;
      if (value.length >= LONG_ENOUGH_ANYWHERE) anywhere.add(value);
      else if (shortValuesToo) asTokens.add(value);
      for (const part of value.split(/[\s,;:'"`()[\]{}=]+/)) {
        if (part.length >= LONG_ENOUGH_ANYWHERE && part !== value) anywhere.add(part);
      }
    }
    this.anywhere = [...anywhere].sort((a, b) => b.length - a.length);
    this.asTokens = [...asTokens];
  }

  static none(): Secrets {
    return new Secrets([], false, [], false);
  }

  /** Known secret values (a Variable's value): masked in full, in parts, and as short tokens. */
  static ofValues(values: readonly string[]): Secrets {
    return new Secrets(values, false, [], true);
  }

  /** The secrets among a resource's inputs (checked inputs, or stored outputs that echo them). */
  static of(inputs: unknown): Secrets {
    const parsed = InputsSchema.safeParse(inputs);
    if (!parsed.success) return Secrets.none();
    const { sql, localVariables = {}, __secretInputs } = parsed.data;
    const variables = Object.entries(localVariables).map(([name, value]) => [name, String(value)] as const);
    if (__secretInputs === undefined) {
      // No word from the SDK (an older state): every variable value may be a secret.
      return new Secrets(
        variables.map(([, value]) => value),
        false,
        [],
        false,
      );
    }
    const secretPaths = new Set(__secretInputs);
    const allVariables = secretPaths.has("localVariables");
    const values = variables
      .filter(([name]) => allVariables || secretPaths.has(`localVariables.${name}`))
      .map(([, value]) => value);
    const sqlIsSecret = secretPaths.has("sql") && typeof sql === "string";
    return new Secrets(values, sqlIsSecret, sqlIsSecret ? sqlTokens(String(sql)) : [], true);
  }

  /** True when there is nothing to mask. */
  get empty(): boolean {
    return this.anywhere.length === 0 && this.asTokens.length === 0;
  }

  mask(text: string): string {
    return this.replace(text, () => MASK);
  }

  /** Masks with as many `*` as the secret has characters, so that a caret under an excerpt stays in place. */
  maskKeepingColumns(text: string): string {
    return this.replace(text, (secret) => "*".repeat(secret.length));
  }

  private replace(text: string, by: (secret: string) => string): string {
    let out = text;
    for (const secret of this.anywhere) out = out.split(secret).join(by(secret));
    for (const secret of this.asTokens) {
      const standalone = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(secret)}(?![\\p{L}\\p{N}_])`, "gu");
      out = out.replace(standalone, by(secret));
    }
    return out;
  }
}

/** Identifiers, literals and numbers of a script: what an excerpt or a parser message could quote. */
function sqlTokens(sql: string): string[] {
  const tokens = new Set<string>();
  for (const token of scan(sql)) {
    const text = sql.slice(token.start, token.end);
    if (token.kind === "word" && FLINK_KEYWORDS.has(text.toUpperCase())) continue;
    if (token.kind === "word" || token.kind === "number" || token.kind === "placeholder") tokens.add(text);
    if (token.kind === "string" || token.kind === "quotedIdentifier" || token.kind === "doubleQuoted") {
      tokens.add(text);
      tokens.add(text.slice(1, -1));
    }
  }
  return [...tokens];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
