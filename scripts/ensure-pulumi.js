#!/usr/bin/env node
// @ts-check
/**
 * Makes the real Pulumi CLI available to the demo and the e2e tests.
 *
 * Order:
 *   1. `pulumi` on PATH, when it is new enough (>= MIN_CLI_VERSION) and has the
 *      Node.js language host beside it or on PATH;
 *   2. binaries already built for the pinned versions, in a per-user cache
 *      (~/.cache/pulumi-alicloud-flink/pulumi-cli/<key>), so a fresh clone — as CI
 *      makes — reuses them and this step is instant;
 *   3. otherwise, build them from Go modules (tools/pulumi-cli, tools/pulumi-language-nodejs)
 *      into that cache.
 * Whatever it finds is linked into the git-ignored .tools/bin. A built CLI gets
 * `pulumi-resource-pulumi-nodejs` (the dynamic-provider launcher, a shell script
 * that ships inside @pulumi/pulumi) copied beside the real binary: the engine looks
 * for it there (or on PATH, with a warning), else it tries a download that fails
 * (pulumi/pulumi#13974).
 *
 * Usage: `node scripts/ensure-pulumi.js` (prints the CLI version), or
 * `require("./ensure-pulumi").ensurePulumi()` → { binDir, pulumi, version }.
 */
const { execFileSync, spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const TOOLS_BIN = path.join(ROOT, ".tools", "bin");

/** The CLI we build; tools/pulumi-cli/go.mod pins the same version. */
const CLI_VERSION = "v3.259.0";
/** The language host we build; see tools/pulumi-language-nodejs/go.mod for why it is older. */
const LANGUAGE_HOST_VERSION = "v3.68.0";
/**
 * Oldest CLI accepted from PATH: 3.146 shows dynamic-provider output again (it was
 * hidden in 3.144–3.145) and 3.139 passes stack config to `configure`.
 */
const MIN_CLI_VERSION = "3.146.0";

const BUILDS = [
  {
    module: "tools/pulumi-cli",
    pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    binary: "pulumi",
    version: CLI_VERSION,
  },
  {
    module: "tools/pulumi-language-nodejs",
    pkg: "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
    binary: "pulumi-language-nodejs",
    version: LANGUAGE_HOST_VERSION,
  },
];

/** @param {string} msg */
function log(msg) {
  process.stderr.write(`[ensure-pulumi] ${msg}\n`);
}

/** @param {string} v @returns {number[]} */
function parseVersion(v) {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

/** @param {string} a @param {string} b */
function versionAtLeast(a, b) {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return true;
}

/** @param {string} file @returns {string | undefined} */
function which(file) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir || path.resolve(dir) === TOOLS_BIN) continue;
    const candidate = path.join(dir, file);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** @param {string} pulumi @returns {string} */
function cliVersion(pulumi) {
  return execFileSync(pulumi, ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  }).trim();
}

/** The cache key changes whenever a pinned version or a go.sum changes. */
function cacheKey() {
  const hash = crypto.createHash("sha256");
  for (const b of BUILDS) {
    for (const f of ["go.mod", "go.sum"]) hash.update(fs.readFileSync(path.join(ROOT, b.module, f)));
  }
  return `${CLI_VERSION}-nodejs-${LANGUAGE_HOST_VERSION}-${hash.digest("hex").slice(0, 12)}`;
}

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-alicloud-flink", "pulumi-cli", cacheKey());
}

/** Builds every binary into `dir`, via a temporary directory renamed at the end (atomic). */
function buildInto(dir) {
  const goVersion = spawnSync("go", ["version"], { encoding: "utf8" });
  if (goVersion.status !== 0) {
    throw new Error(
      "No `pulumi` CLI on PATH and no `go` toolchain to build one. Install the Pulumi CLI " +
        `(>= ${MIN_CLI_VERSION}) or Go (>= 1.25), then run this again.`,
    );
  }
  log(
    `building the Pulumi CLI ${CLI_VERSION} and the Node.js language host ${LANGUAGE_HOST_VERSION} from Go modules (${goVersion.stdout.trim()}); the first build takes several minutes`,
  );
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.mkdirSync(tmp, { recursive: true });
  for (const b of BUILDS) {
    const started = Date.now();
    const args = [
      "build",
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      // The Automation API parses `pulumi version`; without -X it prints "v3.0.0-dev"-like text.
      "-ldflags",
      `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${b.version}`,
      "-o",
      path.join(tmp, b.binary),
      b.pkg,
    ];
    const r = spawnSync("go", args, {
      cwd: path.join(ROOT, b.module),
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
    });
    if (r.status !== 0)
      throw new Error(`go ${args.join(" ")} (in ${b.module}) failed with exit code ${r.status}`);
    log(`built ${b.binary} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

/**
 * Points `link` at `target`: nothing when it already does; otherwise through a
 * temporary link renamed over it, so that test processes running side by side
 * (`mocha --parallel`) never see the link missing.
 * @param {string} target @param {string} link
 */
function linkInto(target, link) {
  try {
    if (fs.readlinkSync(link) === target) return;
  } catch {
    // missing, or not a link: replace it
  }
  const tmp = `${link}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(target, tmp);
  fs.renameSync(tmp, link);
}

/**
 * Copies `from` to `to` unless `to` already has the same bytes, through a
 * temporary file renamed over it (a running launcher is never rewritten in place).
 * @param {string} from @param {string} to
 */
function copyExecutable(from, to) {
  const bytes = fs.readFileSync(from);
  try {
    if (fs.readFileSync(to).equals(bytes)) return;
  } catch {
    // missing: copy it
  }
  const tmp = `${to}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, bytes, { mode: 0o755 });
  fs.renameSync(tmp, to);
}

/** The launcher of dynamic providers, shipped (already executable) inside @pulumi/pulumi. */
function dynamicProviderLauncher() {
  const pkgJson = require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] });
  return path.join(path.dirname(pkgJson), "pulumi-resource-pulumi-nodejs");
}

/** @returns {{ binDir: string, pulumi: string, version: string }} */
function ensurePulumi() {
  fs.mkdirSync(TOOLS_BIN, { recursive: true });

  const onPath = which("pulumi");
  if (onPath) {
    const version = cliVersion(onPath);
    const host = which("pulumi-language-nodejs") || path.join(path.dirname(onPath), "pulumi-language-nodejs");
    if (versionAtLeast(version, MIN_CLI_VERSION) && fs.existsSync(host)) {
      linkInto(onPath, path.join(TOOLS_BIN, "pulumi"));
      linkInto(host, path.join(TOOLS_BIN, "pulumi-language-nodejs"));
      return { binDir: TOOLS_BIN, pulumi: path.join(TOOLS_BIN, "pulumi"), version };
    }
    log(`ignoring ${onPath} (${version}): need >= ${MIN_CLI_VERSION} with pulumi-language-nodejs beside it`);
  }

  const dir = cacheDir();
  if (!BUILDS.every((b) => fs.existsSync(path.join(dir, b.binary)))) buildInto(dir);
  copyExecutable(dynamicProviderLauncher(), path.join(dir, "pulumi-resource-pulumi-nodejs"));
  for (const b of BUILDS) linkInto(path.join(dir, b.binary), path.join(TOOLS_BIN, b.binary));
  const pulumi = path.join(TOOLS_BIN, "pulumi");
  const version = cliVersion(pulumi);
  if (version !== CLI_VERSION)
    throw new Error(`${pulumi} prints version ${version}, expected ${CLI_VERSION}`);
  return { binDir: TOOLS_BIN, pulumi, version };
}

module.exports = { ensurePulumi, TOOLS_BIN, CLI_VERSION };

if (require.main === module) {
  try {
    const { pulumi, version } = ensurePulumi();
    log(`${pulumi} ${version}`);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
