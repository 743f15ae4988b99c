// The sidecar translates a plan to operators (code generation) only when one of its
// nodes checks something there (tools/flink-sql-validator/README.md, "What it checks"):
// those checks must still be made. Skipped when Java or the jar is missing.
import * as assert from "assert";
import { startFlinkSidecar, type FlinkSidecar } from "../../emulator/validation/flink-sidecar";
import { splitStatements } from "../../provider/sql";
import { sidecarJarOrSkip } from "./sidecar-jar";

const TABLES = `CREATE TABLE src (k STRING, v BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'kafka');
CREATE TABLE two_ts (a TIMESTAMP(3), b TIMESTAMP(3)) WITH ('connector' = 'kafka');
CREATE TABLE out_rows (k STRING, v BIGINT) WITH ('connector' = 'kafka');
`;

describe("Flink SQL sidecar: checks made when operators are generated", function () {
  this.timeout(120_000);
  let sidecar: FlinkSidecar | undefined;

  before(async function () {
    const jar = sidecarJarOrSkip(this);
    sidecar = await startFlinkSidecar({ jar, requestTimeoutMs: 60_000 });
  });

  after(async function () {
    await sidecar?.close();
  });

  async function problems(sql: string): Promise<string[]> {
    const result = await sidecar!.check({
      mode: "STREAMING",
      statements: splitStatements(sql).map((s) => ({
        text: s.text,
        line: s.startLine,
        column: s.startColumn,
      })),
    });
    return result.problems.map((p) => `${p.line}: ${p.message}`);
  }

  it("more than one rowtime column into a sink", async function () {
    const found = await problems(`${TABLES}INSERT INTO two_ts SELECT ts, ts FROM src;`);
    assert.strictEqual(found.length, 1, JSON.stringify(found));
    assert.match(found[0], /^5: .*more than one rowtime attribute/);
    assert.deepStrictEqual(
      await problems(`${TABLES}INSERT INTO two_ts SELECT ts, CAST(ts AS TIMESTAMP(3)) FROM src;`),
      [],
    );
  });

  it("OVER ordered by a column that is not a time attribute", async function () {
    const found = await problems(
      `${TABLES}INSERT INTO out_rows SELECT k, SUM(v) OVER (PARTITION BY k ORDER BY v ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM src;`,
    );
    assert.strictEqual(found.length, 1, JSON.stringify(found));
    assert.match(found[0], /^5: .*time attribute/);
  });
});
