/**
 * The emulator's loader of dt-sql-parser's FlinkSQL grammar, bundled to CommonJS at
 * dist/vendor/flinksql.js by the build (scripts/bundle-sql-parser.js). The emulator only reads the
 * bundle; it never runs a build script at runtime, so an installed package and a source checkout
 * behave alike (a checkout needs `npm run build` once).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";

export interface GrammarSyntaxError {
  message: string;
  /** 1-based, relative to the parsed text */
  startLine: number;
  startColumn: number;
  endLine: number;
  /** 1-based, exclusive */
  endColumn: number;
}

const SyntaxErrorSchema = z.object({
  message: z.string(),
  startLine: z.number(),
  startColumn: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
});

interface FlinkParser {
  parse(input: string, onError: (error: unknown) => void): unknown;
}

const BundleSchema = z.object({
  FlinkSQL: z.custom<new () => FlinkParser>((value) => typeof value === "function"),
});

/** dist/emulator/validation/*.js → dist/vendor; emulator/validation/*.ts → <root>/dist/vendor. */
const CANDIDATES = [
  path.join(__dirname, "..", "..", "vendor", "flinksql.js"),
  path.join(__dirname, "..", "..", "dist", "vendor", "flinksql.js"),
];

export function grammarBundlePath(): string {
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) {
    throw new Error(
      `The emulator's Flink SQL grammar (dist/vendor/flinksql.js) is missing; looked in ${CANDIDATES.join(", ")}. ` +
        "Reinstall the package, or in a source checkout run `npm run build` once.",
    );
  }
  return found;
}

export interface FlinkGrammarParser {
  syntaxErrors(text: string): GrammarSyntaxError[];
}

let parser: FlinkGrammarParser | undefined;

/** Loads the grammar once per process (~0.5 s) and keeps it. */
export function flinkGrammar(): FlinkGrammarParser {
  if (parser !== undefined) return parser;
  const { FlinkSQL } = BundleSchema.parse(require(grammarBundlePath()));
  const instance = new FlinkSQL();
  parser = {
    syntaxErrors(text: string): GrammarSyntaxError[] {
      const errors: GrammarSyntaxError[] = [];
      // A listener makes dt-sql-parser drop ANTLR's console listeners: nothing is printed.
      instance.parse(text, (error) => errors.push(SyntaxErrorSchema.parse(error)));
      return errors;
    },
  };
  return parser;
}
