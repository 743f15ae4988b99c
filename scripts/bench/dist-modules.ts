/**
 * The built package (dist/), loaded the way Pulumi loads it: the benchmarks
 * measure the code users run, not the TypeScript sources through tsx.
 *
 * dist/ is tsc's CommonJS output, where a module calls its imports through
 * the exporting module's `exports` object (`(0, wait_1.pollUntil)(...)`); that
 * is what lets poll-schedules.ts swap the poll schedule of the real
 * create/update without touching provider code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as EmulatorApi from "../../emulator";
import type * as ProviderApi from "../../provider";
import type * as ClientApi from "../../provider/client/flink-client";
import type * as PacingApi from "../../provider/pacing";
import type * as ProviderFactoryApi from "../../provider/provider";
import type * as SchemaApi from "../../provider/resources/deployed-draft/schema";
import type * as SqlApi from "../../provider/sql";
import type * as WaitApi from "../../provider/wait";
import { REPO_ROOT } from "../lib/pulumi-stack";

const DIST = path.join(REPO_ROOT, "dist");

function load<T>(relative: string): T {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${path.relative(REPO_ROOT, file)} is missing: run \`npm run build\` before the benchmarks.`,
    );
  }
  return require(file) as T;
}

export const provider = (): typeof ProviderApi => load("provider/index.js");
export const providerClient = (): typeof ClientApi => load("provider/client/flink-client.js");
export const providerSchema = (): typeof SchemaApi => load("provider/resources/deployed-draft/schema.js");
export const providerFactory = (): typeof ProviderFactoryApi =>
  load<typeof ProviderFactoryApi>("provider/provider.js");
/** A provider instance of the built package, its log lines dropped (the benchmarks count requests). */
export const quietProvider = (): ProviderFactoryApi.DeployedDraftProvider =>
  load<typeof ProviderFactoryApi>("provider/provider.js").createProvider({ sink: () => undefined });
export const providerPacing = (): typeof PacingApi => load("provider/pacing/index.js");
export const providerSql = (): typeof SqlApi => load("provider/sql/index.js");
export const emulator = (): typeof EmulatorApi => load("emulator/index.js");

/** The wait module's exports object, writable (see above). */
export interface WaitModule {
  pollUntil: typeof WaitApi.pollUntil;
  deadlineIn: typeof WaitApi.deadlineIn;
}
export const providerWait = (): WaitModule => load("provider/wait.js");

/** Newest modification time under a source folder, to warn about a stale dist/. */
export function staleDistWarning(): string | undefined {
  const newest = (dir: string): number => {
    let latest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) latest = Math.max(latest, newest(full));
      else if (entry.name.endsWith(".ts")) latest = Math.max(latest, fs.statSync(full).mtimeMs);
    }
    return latest;
  };
  const built = fs.existsSync(path.join(DIST, "provider", "index.js"))
    ? fs.statSync(path.join(DIST, "provider", "index.js")).mtimeMs
    : 0;
  const sources = Math.max(
    newest(path.join(REPO_ROOT, "provider")),
    newest(path.join(REPO_ROOT, "emulator")),
  );
  return sources > built
    ? "dist/ is older than provider/ or emulator/ sources: run `npm run build` first."
    : undefined;
}
