#!/usr/bin/env node
// @ts-check
/**
 * `npm test` after `npm run check` (its pretest): the contract, sidecar and
 * e2e files, and the contract files again against the emulator's
 * HTTP-status business-error style, at the same time.
 *
 * Why one script rather than two mocha commands in a row: the e2e files spend
 * much of their time waiting on the Pulumi CLI and on emulator tickets, so the
 * HTTP-status contract run (about 30 s on its own) fits beside the pool of two
 * workers instead of after it. Its output is held and printed after the pool's,
 * so that each reads as one mocha run.
 *
 * The pool takes the files longest first (e2e, then the sidecar, then the
 * many short contract files), so that two workers end at about the same time.
 *
 * Usage: `node scripts/test.js`; exits non-zero when either run fails.
 */
const path = require("node:path");
const { runNode, ROOT } = require("./run-node");

const MOCHA = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");

/**
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, hold?: boolean }} [options]
 */
const mocha = (args, options) => runNode([MOCHA, ...args], options);

async function main() {
  const started = Date.now();
  const pool = mocha([
    "--parallel",
    "--jobs",
    "2",
    "tests/e2e/**/*.test.ts",
    "tests/sidecar/**/*.test.ts",
    "tests/contract/**/*.test.ts",
  ]);
  const httpStatus = mocha(["tests/contract/**/*.test.ts"], {
    env: { EMULATOR_BUSINESS_ERROR_STYLE: "http-status" },
    hold: true,
  });
  const poolResult = await pool;
  const httpStatusResult = await httpStatus;
  process.stdout.write("\nContract files again, business errors in the HTTP-status style\n");
  process.stdout.write("(EMULATOR_BUSINESS_ERROR_STYLE=http-status, run beside the pool):\n");
  process.stdout.write(httpStatusResult.held);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const failed = [
    poolResult.code !== 0 && "contract/sidecar/e2e",
    httpStatusResult.code !== 0 && "contract (http-status)",
  ].filter(Boolean);
  process.stdout.write(
    failed.length === 0
      ? `\nnpm test: both runs passed in ${seconds} s\n`
      : `\nnpm test: FAILED: ${failed.join(", ")} (${seconds} s)\n`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}

void main();
