#!/usr/bin/env node
// Bundles dt-sql-parser's FlinkSQL grammar into one CommonJS file.
//
// Why: dt-sql-parser 4.5.1 publishes ES modules with extensionless relative
// imports (`from '../common/basicSQL'`), which Node refuses to load, and the
// provider is CommonJS. esbuild resolves those imports and inlines antlr4ng,
// so the result loads with a plain `require()` and has no runtime
// dependencies (dt-sql-parser stays a devDependency).
//
// Usage: `node scripts/bundle-sql-parser.js [outFile]`
// (default dist/vendor/flinksql.js), or from scripts/build.js:
// `await require("./bundle-sql-parser.js").bundleSqlParser(outFile)`.
"use strict";

const path = require("path");

const packageRoot = path.resolve(__dirname, "..");
const defaultOutFile = path.join(packageRoot, "dist", "vendor", "flinksql.js");

// Only the Flink dialect: importing dt-sql-parser's index would pull in every
// dialect (MySQL, Hive, Spark, ...) and multiply the bundle size.
const entrySource = [
  'export { FlinkSQL } from "dt-sql-parser/dist/parser/flink";',
  'export { FlinkSqlParser } from "dt-sql-parser/dist/lib/flink/FlinkSqlParser";',
].join("\n");

/** @param {string} outFile */
function buildOptions(outFile) {
  return {
    stdin: { contents: entrySource, resolveDir: packageRoot, sourcefile: "flinksql-entry.js" },
    bundle: true,
    platform: "node",
    target: "es2020",
    format: "cjs",
    minify: true,
    legalComments: "inline",
    outfile: outFile,
    logLevel: "warning",
  };
}

/**
 * Writes the bundle to `outFile` (directories are created as needed).
 * @param {string} [outFile] absolute or cwd-relative path of the bundle
 * @returns {Promise<string>} the absolute path written
 */
async function bundleSqlParser(outFile) {
  const target = path.resolve(outFile || defaultOutFile);
  await require("esbuild").build(buildOptions(target));
  return target;
}

/**
 * Synchronous variant, for provider/sql/grammar.ts when it runs from source
 * (tests under tsx) and finds no bundle yet.
 * @param {string} [outFile]
 * @returns {string} the absolute path written
 */
function bundleSqlParserSync(outFile) {
  const target = path.resolve(outFile || defaultOutFile);
  require("esbuild").buildSync(buildOptions(target));
  return target;
}

module.exports = { bundleSqlParser, bundleSqlParserSync, defaultOutFile };

if (require.main === module) {
  bundleSqlParser(process.argv[2]).then(
    (written) => console.log(`bundled dt-sql-parser FlinkSQL -> ${path.relative(process.cwd(), written)}`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
