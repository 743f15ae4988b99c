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
import { VariableSchema } from "../../provider/resources/variable/schema";
import { renderReferenceTables } from "../../provider/schema/resource-schema";

export const README = path.resolve(__dirname, "..", "..", "README.md");
/** Each resource's generated block: its markers and its tables. */
const BLOCKS = [
  { resource: "DeployedDraft", tables: () => renderReferenceTables(DeployedDraftSchema) },
  { resource: "Variable", tables: () => renderReferenceTables(VariableSchema) },
];

/** The README with its generated blocks rewritten from the schemas. */
export async function renderReadme(readme: string): Promise<string> {
  let next = readme;
  for (const { resource, tables } of BLOCKS) {
    const begin = `<!-- BEGIN generated: ${resource} reference (npm run docs) -->`;
    const end = `<!-- END generated: ${resource} reference -->`;
    const from = next.indexOf(begin);
    const to = next.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no "${begin}" … "${end}" block`);
    next = `${next.slice(0, from)}${begin}\n\n${tables()}\n${end}${next.slice(to + end.length)}`;
  }
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
