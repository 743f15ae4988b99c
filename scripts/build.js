#!/usr/bin/env node
// @ts-check
/**
 * Builds dist/: compiles sdk/, provider/ and emulator/ with tsc (CommonJS, ES2020:
 * the shape Pulumi's function serializer can read), bundles the Flink SQL grammar
 * (dt-sql-parser ships an ESM build that plain `require` cannot load) and marks
 * the CLIs (emulator, review report) executable.
 *
 * It runs from `npm ci` (the `prepare` script), `npm test` and `npm run demo`.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

async function build() {
  const started = Date.now();
  const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json")], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error(`tsc failed (exit code ${r.status})`);

  const { bundleSqlParser } = require("./bundle-sql-parser.js");
  await bundleSqlParser(path.join(ROOT, "dist", "vendor", "flinksql.js"));

  for (const cli of ["emulator/cli.js", "provider/review/report-cli.js"]) {
    const file = path.join(ROOT, "dist", cli);
    if (fs.existsSync(file)) fs.chmodSync(file, 0o755);
  }
  process.stderr.write(`[build] dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

module.exports = { build };

if (require.main === module) {
  build().catch((err) => {
    process.stderr.write(`[build] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
