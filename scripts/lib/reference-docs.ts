/**
 * The README's resource reference tables, generated from the provider's
 * schema (provider/schema/resource-schema.ts renderReferenceTables) between
 * two markers, formatted as prettier formats the rest of the README.
 * `npm run docs` rewrites them; tests/unit/docs.test.ts fails when they drift.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { DeployedDraftSchema } from "../../provider/resources/deployed-draft/schema";
import { renderReferenceTables } from "../../provider/schema/resource-schema";

export const README = path.resolve(__dirname, "..", "..", "README.md");
const BEGIN = "<!-- BEGIN generated: DeployedDraft reference (npm run docs) -->";
const END = "<!-- END generated: DeployedDraft reference -->";

/** The README with its generated block rewritten from the schema. */
export async function renderReadme(readme: string): Promise<string> {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${BEGIN}" … "${END}" block`);
  const block = `${BEGIN}\n\n${renderReferenceTables(DeployedDraftSchema)}\n${END}`;
  const next = `${readme.slice(0, start)}${block}${readme.slice(end + END.length)}`;
  return prettier.format(next, { parser: "markdown", filepath: README });
}

if (require.main === module) {
  void (async () => {
    const current = fs.readFileSync(README, "utf8");
    const next = await renderReadme(current);
    if (next !== current) fs.writeFileSync(README, next);
    process.stdout.write(next === current ? "README.md is up to date\n" : "README.md reference rewritten\n");
  })();
}
