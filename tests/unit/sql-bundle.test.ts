import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { FLINK_KEYWORDS } from "../../provider/sql/keywords";

const bundlerSchema = z.object({
  bundleSqlParser: z.custom<(outFile: string) => Promise<string>>((value) => typeof value === "function"),
});

const bundleSchema = z.object({
  FlinkSQL: z.custom<new () => unknown>((value) => typeof value === "function"),
  // A class: its token names are static properties.
  FlinkSqlParser: z.custom<{ symbolicNames: unknown; literalNames: unknown }>(
    (value) => typeof value === "function",
  ),
});

const vocabularySchema = z.object({
  symbolicNames: z.array(z.string().nullable()),
  literalNames: z.array(z.string().nullable()),
});

describe("sql: the bundled Flink grammar (scripts/bundle-sql-parser.js)", function () {
  this.timeout(120_000);
  let directory: string;
  let bundle: z.infer<typeof bundleSchema>;

  before(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "flinksql-bundle-"));
    const { bundleSqlParser } = bundlerSchema.parse(require("../../scripts/bundle-sql-parser.js"));
    const written = await bundleSqlParser(path.join(directory, "vendor", "flinksql.js"));
    bundle = bundleSchema.parse(require(written));
  });

  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("is one CommonJS file that loads with require() and needs no node_modules", () => {
    const source = fs.readFileSync(path.join(directory, "vendor", "flinksql.js"), "utf8");
    assert.ok(!/require\(["'](antlr4ng|antlr4-c3|dt-sql-parser)/.test(source), "dependencies are inlined");
    assert.strictEqual(typeof bundle.FlinkSQL, "function");
  });

  it("has exactly the keywords that normalization upper-cases (provider/sql/keywords.ts)", () => {
    const { symbolicNames, literalNames } = vocabularySchema.parse({
      symbolicNames: bundle.FlinkSqlParser.symbolicNames,
      literalNames: bundle.FlinkSqlParser.literalNames,
    });
    const grammarKeywords = new Set<string>();
    symbolicNames.forEach((name, type) => {
      if (name === null || !name.startsWith("KW_")) return;
      const literal = literalNames[type];
      grammarKeywords.add(literal ? literal.slice(1, -1) : name.slice(3));
    });
    const missing = [...grammarKeywords].filter((word) => !FLINK_KEYWORDS.has(word));
    const extra = [...FLINK_KEYWORDS].filter((word) => !grammarKeywords.has(word));
    assert.deepStrictEqual({ missing, extra }, { missing: [], extra: [] });
  });
});
