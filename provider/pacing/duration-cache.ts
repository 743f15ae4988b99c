/**
 * What the provider learned between runs, durations (learned-durations.ts)
 * and the rate limits its pacer found (pacer.ts): one small JSON file in the per-user
 * cache directory the project already uses (scripts/ensure-pulumi.js:
 * $XDG_CACHE_HOME or ~/.cache, then pulumi-alicloud-flink/), overridable
 * with PULUMI_ALICLOUD_FLINK_CACHE_DIR. Never state, never secrets: hashed
 * keys and a few numbers each.
 *
 * Written atomically (a temporary file renamed over the old one), merged with
 * what other processes wrote meanwhile, at most once a second plus once after
 * the last change. A missing, unreadable or corrupt file is an empty cache;
 * a failure to write is ignored: the file is an optimisation only.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { Clock } from "../clock";
import type { Env } from "../config";
import type { Observation } from "./learned-durations";

export const CACHE_DIR_VARIABLE = "PULUMI_ALICLOUD_FLINK_CACHE_DIR";
const FILE_NAME = "durations.json";
const FORMAT = 2;
/** Keys kept: the most recently updated. */
const MAX_KEYS = 200;
const WRITE_EVERY_MS = 1_000;
/** A rate limit found longer ago than this is not trusted: another client of the AccessKey may have come or gone. */
const LIMIT_MAX_AGE_MS = 24 * 3_600_000;
const HashedKey = z.string().regex(/^[0-9a-f]{16}$/);

/**
 * The key an entry is stored under: what it is about (endpoint, namespace,
 * AccessKey ID…) hashed, so that the file names none of it and stays small.
 */
export function cacheKey(parts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

const FileSchema = z.object({
  format: z.literal(FORMAT),
  entries: z.record(
    HashedKey,
    z.object({
      updatedAt: z.number(),
      /** [after, by] ms: what one wait saw of the step's duration. */
      durationsMs: z
        .array(z.tuple([z.number().nonnegative().finite(), z.number().nonnegative().finite()]))
        .max(16),
    }),
  ),
  /** Per connection (endpoint and AccessKey ID, hashed): the requests per second the gateway allowed. */
  limits: z
    .record(HashedKey, z.object({ updatedAt: z.number(), requestsPerSecond: z.number().positive().finite() }))
    .optional(),
});
type FileContent = z.infer<typeof FileSchema>;
type LimitEntry = NonNullable<FileContent["limits"]>[string];

/** The cache directory for this environment; undefined when it names none (e.g. tests with env {}). */
export function cacheDirectory(env: Env): string | undefined {
  const explicit = env[CACHE_DIR_VARIABLE];
  if (explicit) return explicit;
  const base = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, ".cache") : undefined);
  return base ? path.join(base, "pulumi-alicloud-flink") : undefined;
}

export class DurationCacheFile {
  private readonly file: string;
  private readonly pending = new Map<string, FileContent["entries"][string]>();
  private readonly pendingLimits = new Map<string, LimitEntry>();
  private writtenAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    directory: string,
    private readonly clock: Clock,
  ) {
    this.file = path.join(directory, FILE_NAME);
  }

  /** Everything the file holds, by key; empty when it is missing or corrupt. */
  load(): Record<string, Observation[]> {
    const result: Record<string, Observation[]> = {};
    for (const [key, entry] of Object.entries(this.read().entries)) result[key] = entry.durationsMs;
    return result;
  }

  save(key: string, durationsMs: readonly Observation[]): void {
    this.pending.set(key, {
      updatedAt: this.clock.now(),
      durationsMs: durationsMs.map(([after, by]) => [after, by]),
    });
    this.flushSoon();
  }

  /** The rate limit found for a connection in the last day, if any. */
  loadLimit(key: string): number | undefined {
    const entry = this.read().limits?.[key];
    return entry && this.clock.now() - entry.updatedAt <= LIMIT_MAX_AGE_MS
      ? entry.requestsPerSecond
      : undefined;
  }

  saveLimit(key: string, requestsPerSecond: number): void {
    this.pendingLimits.set(key, { updatedAt: this.clock.now(), requestsPerSecond });
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.clock.now() - this.writtenAt >= WRITE_EVERY_MS) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), WRITE_EVERY_MS);
      // The dynamic-provider process is stopped when the engine is done: never keep it alive.
      this.timer.unref();
    }
  }

  /** Writes pending entries now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0 && this.pendingLimits.size === 0) return;
    this.writtenAt = this.clock.now();
    const content = this.read();
    for (const [key, entry] of this.pending) content.entries[key] = entry;
    const limits = { ...content.limits };
    for (const [key, entry] of this.pendingLimits) limits[key] = entry;
    this.pending.clear();
    this.pendingLimits.clear();
    const newest = <T extends { updatedAt: number }>(record: Record<string, T>): Record<string, T> =>
      Object.fromEntries(
        Object.entries(record)
          .sort(([, a], [, b]) => b.updatedAt - a.updatedAt)
          .slice(0, MAX_KEYS),
      );
    const text = `${JSON.stringify({ format: FORMAT, entries: newest(content.entries), limits: newest(limits) })}\n`;
    const temporary = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(temporary, text, { mode: 0o600 });
      fs.renameSync(temporary, this.file);
    } catch {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // Nothing more to do: the cache is an optimisation.
      }
    }
  }

  private read(): FileContent {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(fs.readFileSync(this.file, "utf8")));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or not JSON: an empty cache.
    }
    return { format: FORMAT, entries: {} };
  }
}
