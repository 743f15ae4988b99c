// @ts-check
/**
 * Runs a Node script in a child process of the repository root, for the
 * scripts that run several at once (check.js, test.js): its output either goes
 * straight to this process's, or is held and handed back whole, so that two
 * runs side by side never interleave their lines.
 *
 * Usage: `require("./run-node").runNode([script, ...args], { hold: true })`
 * → Promise<{ code, held }> (code 128 for a child killed by a signal).
 */
const { spawn } = require("node:child_process");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

/**
 * @param {string[]} args the script and its arguments
 * @param {{ env?: NodeJS.ProcessEnv, hold?: boolean }} [options]
 * @returns {Promise<{ code: number, held: string }>}
 */
function runNode(args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: options.hold ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let held = "";
    child.stdout?.on("data", (chunk) => (held += chunk));
    child.stderr?.on("data", (chunk) => (held += chunk));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), held }));
  });
}

module.exports = { runNode, ROOT };
