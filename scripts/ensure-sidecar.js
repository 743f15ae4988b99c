#!/usr/bin/env node
// @ts-check
/**
 * Builds the Flink SQL validator sidecar (tools/flink-sql-validator) when it can:
 *
 *   - `java` or `mvn` missing: says that the grammar check will be used, exits 0;
 *   - the jar is newer than the module's pom.xml and sources: nothing to do;
 *   - otherwise `mvn -q -B package -DskipTests`, offline first (`-o`, instant when
 *     ~/.m2 already holds every artifact), online when that fails;
 *   - then, when missing or older than the jar, the class-data sharing archive
 *     target/flink-sql-validator.jsa: the jar run once with `--train` under
 *     `-XX:ArchiveClassesAtExit` (≈10 s). The client starts the JVM with it when it is
 *     there (a JVM start ≈1 s faster); a failure here only costs that.
 *
 * Prints one line (what it did and how long it took). Exits non-zero only when a
 * build that could run failed.
 *
 * Usage: `node scripts/ensure-sidecar.js`, or `require("./ensure-sidecar").ensureSidecar()`
 * → { jar: string | undefined, built: boolean }.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const MODULE = path.join(ROOT, "tools", "flink-sql-validator");
const JAR = path.join(MODULE, "target", "flink-sql-validator.jar");
const ARCHIVE = path.join(MODULE, "target", "flink-sql-validator.jsa");
/** As DEFAULT_JVM_ARGS in emulator/validation/flink-sidecar.ts and JVM_ARGS in provider/review/planner/flink-planner.ts: the archive is trained in a JVM started as the clients start it. */
const JVM_ARGS = [
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-XX:CompileThresholdScaling=0.2",
  "-Xss8m",
  "-Xmx1g",
];

/** @param {string} msg */
function say(msg) {
  process.stdout.write(`[ensure-sidecar] ${msg}\n`);
}

/** @param {string} command @param {string[]} args */
function runs(command, args) {
  const result = spawnSync(command, args, { stdio: "ignore", timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

/** Newest modification time (ms) of pom.xml and everything under src/. */
function newestSource() {
  let newest = fs.statSync(path.join(MODULE, "pom.xml")).mtimeMs;
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(MODULE, "src"));
  return newest;
}

/** @param {boolean} offline */
function mavenPackage(offline) {
  const args = ["-q", "-B", ...(offline ? ["-o"] : []), "package", "-DskipTests"];
  return spawnSync("mvn", args, { cwd: MODULE, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Writes the class-data sharing archive of the jar (see the header). Returns what
 * happened, for the one-line report; never throws.
 */
function ensureArchive() {
  if (fs.existsSync(ARCHIVE) && fs.statSync(ARCHIVE).mtimeMs >= fs.statSync(JAR).mtimeMs)
    return "archive up to date";
  const started = Date.now();
  fs.rmSync(ARCHIVE, { force: true });
  const result = spawnSync(
    "java",
    [
      `-XX:ArchiveClassesAtExit=${ARCHIVE}`,
      "-Xlog:disable",
      "-Xlog:all=error:stderr",
      ...JVM_ARGS,
      "-jar",
      JAR,
      "--train",
    ],
    {
      cwd: MODULE,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 180_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0 || !fs.existsSync(ARCHIVE)) {
    fs.rmSync(ARCHIVE, { force: true });
    const why = result.error?.message ?? `${result.stderr ?? ""}`.trim().split("\n").slice(-3).join(" / ");
    return `no class-data archive (${why || `exit code ${String(result.status)}`}; the JVM starts without it)`;
  }
  return `class-data archive in ${seconds} s`;
}

function ensureSidecar() {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const hasJava = runs("java", ["-version"]);
  const hasMaven = hasJava && runs("mvn", ["-v"]);
  if (!hasJava || !hasMaven) {
    const present = fs.existsSync(JAR) && hasJava;
    say(
      present
        ? `${hasJava ? "mvn" : "java"} not found: using the existing ${path.relative(ROOT, JAR)} as it is`
        : `${hasJava ? "mvn" : "java"} not found: SQL is checked with the dt-sql-parser grammar instead of Flink's planner`,
    );
    return { jar: present ? JAR : undefined, built: false };
  }
  if (fs.existsSync(JAR) && fs.statSync(JAR).mtimeMs >= newestSource()) {
    const archive = ensureArchive();
    say(`${path.relative(ROOT, JAR)} is up to date, ${archive} (${elapsed()})`);
    return { jar: JAR, built: false };
  }
  let result = mavenPackage(true);
  let how = "offline";
  if (result.status !== 0) {
    result = mavenPackage(false);
    how = "online";
  }
  if (result.status !== 0 || !fs.existsSync(JAR)) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(`mvn package failed in ${path.relative(ROOT, MODULE)} (${elapsed()})`);
  }
  const built = elapsed();
  const archive = ensureArchive();
  say(`built ${path.relative(ROOT, JAR)} with Maven (${how}) in ${built}, ${archive} (${elapsed()} in all)`);
  return { jar: JAR, built: true };
}

module.exports = { ensureSidecar, JAR, ARCHIVE };

if (require.main === module) {
  try {
    ensureSidecar();
  } catch (error) {
    process.stderr.write(`[ensure-sidecar] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
