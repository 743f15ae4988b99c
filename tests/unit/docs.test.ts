/**
 * The README's DeployedDraft reference is generated from the schema; this
 * fails when someone edits one without the other (fix: `npm run docs`).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { README, renderReadme } from "../../scripts/lib/reference-docs";

describe("README reference tables", () => {
  it("are exactly what the schema generates (run `npm run docs` after changing the schema)", async () => {
    const current = fs.readFileSync(README, "utf8");
    assert.equal(current, await renderReadme(current), "README.md is stale: run `npm run docs`");
  });
});
