// Loads the Flink SQL grammar (dt-sql-parser's FlinkSQL, bundled to CommonJS
// by scripts/bundle-sql-parser.js) on first use and keeps it for the process.
//
// Lazily, because diff and hash never need it and it costs ~300 ms to load.
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";

export interface GrammarError {
  message: string;
  /** 1-based, relative to the parsed input */
  startLine: number;
  /** 1-based, relative to the parsed input */
  startColumn: number;
  endLine: number;
  /** 1-based, exclusive */
  endColumn: number;
}

export interface FlinkGrammar {
  /** Syntax errors of `input` (one or more statements); [] when it parses. Prints nothing. */
  syntaxErrors(input: string): GrammarError[];
}

const grammarErrorSchema = z.object({
  message: z.string(),
  startLine: z.number(),
  startColumn: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
});

interface FlinkSqlParser {
  parse(input: string, errorListener: (error: unknown) => void): unknown;
}

const bundleSchema = z.object({
  FlinkSQL: z.custom<new () => FlinkSqlParser>((value) => typeof value === "function"),
});

const BUNDLE_FROM_PACKAGE_ROOT = path.join("dist", "vendor", "flinksql.js");

function findPackageRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Compiled, this file is dist/provider/sql/grammar.js and the bundle sits at
 * dist/vendor/flinksql.js. Run from source (tests under tsx), it is
 * provider/sql/grammar.ts: the bundle is then looked up under the package
 * root, where `npm run build` (run by `npm ci`, `npm test` and `npm run
 * check`) puts it. Nothing outside the package is loaded at run time.
 */
function locateBundle(): string {
  const compiledLocation = path.join(__dirname, "..", "..", "vendor", "flinksql.js");
  if (fs.existsSync(compiledLocation)) return compiledLocation;
  const packageRoot = findPackageRoot(__dirname);
  if (packageRoot !== undefined) {
    const rootLocation = path.join(packageRoot, BUNDLE_FROM_PACKAGE_ROOT);
    if (fs.existsSync(rootLocation)) return rootLocation;
  }
  throw new Error(
    `The Flink SQL grammar bundle is missing (looked for ${compiledLocation}). ` +
      "Reinstall pulumi-alicloud-flink, or in a source checkout run `npm run build`.",
  );
}

let loaded: FlinkGrammar | undefined;

export function loadFlinkGrammar(): FlinkGrammar {
  if (loaded !== undefined) return loaded;
  const { FlinkSQL } = bundleSchema.parse(require(locateBundle()));
  const parser = new FlinkSQL();
  loaded = {
    syntaxErrors(input: string): GrammarError[] {
      const errors: GrammarError[] = [];
      // Passing a listener makes dt-sql-parser remove ANTLR's default
      // console listeners from both the lexer and the parser.
      parser.parse(input, (error) => errors.push(grammarErrorSchema.parse(error)));
      return errors;
    },
  };
  return loaded;
}
