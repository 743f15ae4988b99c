// Runs the Flink SQL corpora through the sidecar (Apache Flink's own planner):
// every valid script must pass, every invalid one must be reported on the line its
// header names. Also measures how often the dt-sql-parser grammar rejects the
// valid statements (its false rejections). Skipped when Java or the jar is missing
// (`node scripts/ensure-sidecar.js` builds it).
import * as assert from "assert";
import { startFlinkSidecar, type FlinkSidecar } from "../../emulator/validation/flink-sidecar";
import { loadFlinkGrammar } from "../../provider/sql/grammar";
import { loadCorpus, requestOf } from "./corpus";
import { sidecarJarOrSkip } from "./sidecar-jar";

const valid = loadCorpus("valid");
const invalid = loadCorpus("invalid");

describe("Flink SQL corpus: the dt-sql-parser grammar on valid/", function () {
  it("reports its false-rejection rate", function () {
    const grammar = loadFlinkGrammar();
    let statements = 0;
    let rejected = 0;
    const rejectedScripts = new Set<string>();
    for (const script of valid) {
      for (const statement of script.statements) {
        statements++;
        if (grammar.syntaxErrors(statement.text).length > 0) {
          rejected++;
          rejectedScripts.add(script.name);
        }
      }
    }
    const rate = statements === 0 ? 0 : (100 * rejected) / statements;
    console.log(
      `      grammar false rejections: ${rejected} of ${statements} valid statements (${rate.toFixed(1)} %), ` +
        `in ${rejectedScripts.size} of ${valid.length} scripts`,
    );
    assert.ok(statements >= 200, `the valid corpus has only ${statements} statements`);
  });
});

describe("Flink SQL corpus: the Flink planner sidecar", function () {
  this.timeout(300_000);
  let sidecar: FlinkSidecar | undefined;

  before(async function () {
    const jar = sidecarJarOrSkip(this);
    sidecar = await startFlinkSidecar({ jar, requestTimeoutMs: 60_000 });
  });

  after(async function () {
    await sidecar?.close();
  });

  it(`accepts every valid script (${valid.length})`, async function () {
    const rejected: string[] = [];
    let fallback = 0;
    let statements = 0;
    for (const script of valid) {
      const result = await sidecar!.check(requestOf(script));
      statements += script.statements.length;
      fallback += result.fallback.length;
      for (const p of result.problems) rejected.push(`${script.name}:${p.line}:${p.column}: ${p.message}`);
    }
    console.log(
      `      sidecar: ${valid.length} valid scripts, ${statements} statements, ${rejected.length} rejected, ` +
        `${fallback} left to the grammar (fallback)`,
    );
    assert.deepStrictEqual(rejected, []);
  });

  it(`reports every invalid script on its expected line (${invalid.length})`, async function () {
    const wrong: string[] = [];
    for (const script of invalid) {
      assert.ok(script.expectLine !== undefined, `${script.name} has no '-- expect-line: N' header`);
      const { problems } = await sidecar!.check(requestOf(script));
      const first = problems[0];
      if (first === undefined)
        wrong.push(`${script.name}: no problem reported (expected line ${script.expectLine})`);
      else if (first.line !== script.expectLine) {
        wrong.push(`${script.name}: line ${first.line}, expected ${script.expectLine}: ${first.message}`);
      }
    }
    console.log(
      `      sidecar: ${invalid.length - wrong.length} of ${invalid.length} invalid scripts caught on the right line`,
    );
    assert.deepStrictEqual(wrong, []);
  });
});
