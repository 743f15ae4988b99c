#!/usr/bin/env node
// @ts-check
/**
 * `npm run check`: build, typecheck, lint (eslint, prettier) and the unit tests.
 *
 * The steps are independent but for the unit tests, which load dist/ (the
 * bundled SQL grammar, the SDK shim). Two chains run side by side: the build
 * then the unit tests; the typecheck, eslint and prettier (each of them, after
 * a failure too, so that one run reports every problem). On 2 cores that is
 * about 42 s instead of 51 s one after another; all four side by side was no
 * faster (51 s: more processes than cores, each with its own GC threads).
 * Each step's output is held and printed whole when it ends, so that the
 * lines of two steps never interleave.
 *
 * Usage: `node scripts/check.js`; exits non-zero when any step failed.
 */
const path = require("node:path");
const { runNode, ROOT } = require("./run-node");

// By path: eslint's package "exports" hide its bin from require.resolve.
const bin = (/** @type {string} */ module, /** @type {string} */ file) =>
  path.join(ROOT, "node_modules", module, file);

/**
 * @typedef {{ label: string, args: string[] }} Step
 * @param {Step} step
 * @returns {Promise<boolean>} whether it passed
 */
async function run(step) {
  const started = Date.now();
  const { code, held } = await runNode(step.args, { hold: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const verdict = code === 0 ? "ok" : `FAILED (exit ${code})`;
  process.stdout.write(`\n[check] ${step.label}: ${verdict} in ${seconds} s\n${held}`);
  return code === 0;
}

/**
 * @param {Step[]} steps one after another
 * @param {{ stopAtFailure: boolean }} options
 */
async function inOrder(steps, options) {
  let passed = true;
  for (const step of steps) {
    passed = (await run(step)) && passed;
    if (!passed && options.stopAtFailure) break;
  }
  return passed;
}

async function main() {
  const started = Date.now();
  const results = await Promise.all([
    inOrder(
      [
        { label: "build", args: [path.join(ROOT, "scripts", "build.js")] },
        { label: "unit tests", args: [bin("mocha", "bin/mocha.js"), "tests/unit/**/*.test.ts"] },
      ],
      { stopAtFailure: true },
    ),
    inOrder(
      [
        { label: "typecheck", args: [bin("typescript", "bin/tsc"), "-p", "tsconfig.json", "--noEmit"] },
        { label: "eslint", args: [bin("eslint", "bin/eslint.js"), "."] },
        { label: "prettier", args: [bin("prettier", "bin/prettier.cjs"), "--check", "."] },
      ],
      { stopAtFailure: false },
    ),
  ]);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const passed = results.every(Boolean);
  process.stdout.write(`\n[check] ${passed ? "all passed" : "FAILED"} in ${seconds} s\n`);
  process.exit(passed ? 0 : 1);
}

void main();
