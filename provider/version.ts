/**
 * The package version, for the user agent. Read from package.json by walking
 * up from this file, so it works both from sources (provider/) and from the
 * compiled output (dist/provider/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";

const PACKAGE_NAME = "pulumi-alicloud-flink";
const PackageJsonSchema = z.object({ name: z.string(), version: z.string() });

function findVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) {
      const parsed = PackageJsonSchema.safeParse(JSON.parse(fs.readFileSync(candidate, "utf8")));
      if (parsed.success && parsed.data.name === PACKAGE_NAME) return parsed.data.version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}

export const PACKAGE_VERSION = findVersion();
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;
