// The sidecar reuses one TableEnvironment across requests (see
// tools/flink-sql-validator/README.md): nothing a request creates or sets may be
// visible to the next one. Skipped when Java or the jar is missing.
import * as assert from "assert";
import {
  startFlinkSidecar,
  type FlinkSidecar,
  type SidecarCheck,
} from "../../emulator/validation/flink-sidecar";
import { splitStatements } from "../../provider/sql";
import { sidecarJarOrSkip } from "./sidecar-jar";

function check(
  sidecar: FlinkSidecar,
  sql: string,
  mode: "STREAMING" | "BATCH" = "STREAMING",
): Promise<SidecarCheck> {
  return sidecar.check({
    mode,
    statements: splitStatements(sql).map((s) => ({ text: s.text, line: s.startLine, column: s.startColumn })),
  });
}

function messages(result: SidecarCheck): string[] {
  return result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
}

const SOURCE = `CREATE TABLE src (k STRING, v BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'kafka');
`;
const SINK = `CREATE TABLE snk (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'jdbc');
`;

describe("Flink SQL sidecar: requests are isolated", function () {
  this.timeout(120_000);
  let sidecar: FlinkSidecar | undefined;

  before(async function () {
    const jar = sidecarJarOrSkip(this);
    sidecar = await startFlinkSidecar({ jar, requestTimeoutMs: 60_000 });
  });

  after(async function () {
    await sidecar?.close();
  });

  it("a table created in request 1 is unknown in request 2", async function () {
    assert.deepStrictEqual(
      messages(await check(sidecar!, `${SOURCE}${SINK}INSERT INTO snk SELECT k, v FROM src;`)),
      [],
    );
    const second = await check(sidecar!, `${SINK}INSERT INTO snk SELECT k, v FROM src;`);
    assert.strictEqual(second.problems.length, 1, JSON.stringify(second.problems));
    assert.match(second.problems[0].message, /src/);
    assert.match(second.problems[0].message, /not found/i);
    assert.strictEqual(second.problems[0].line, 2);
  });

  it("the same tables, views, functions, databases and catalogs can be created again by every request", async function () {
    const script = `${SOURCE}${SINK}
CREATE VIEW per_key AS SELECT k, SUM(v) AS v FROM src GROUP BY k;
CREATE TEMPORARY VIEW recent AS SELECT k, v FROM src WHERE v > 0;
CREATE TEMPORARY TABLE tmp (k STRING) WITH ('connector' = 'datagen');
CREATE TEMPORARY SYSTEM FUNCTION my_fn AS 'org.apache.flink.table.functions.BuiltInFunctionDefinitions';
CREATE TEMPORARY FUNCTION my_cat_fn AS 'org.apache.flink.table.functions.BuiltInFunctionDefinitions';
CREATE DATABASE other_db;
CREATE TABLE other_db.t2 (a INT) WITH ('connector' = 'datagen');
CREATE CATALOG mem WITH ('type' = 'generic_in_memory');
CREATE DATABASE mem.db2;
USE CATALOG mem;
USE db2;
CREATE TABLE t3 (a INT) WITH ('connector' = 'datagen');
`;
    for (const mode of ["STREAMING", "BATCH", "STREAMING"] as const) {
      assert.deepStrictEqual(messages(await check(sidecar!, script, mode)), [], mode);
    }
    // The previous request ended in catalog mem, database db2: the next starts in the default ones.
    const unknown = await check(sidecar!, "SELECT * FROM t3;");
    assert.match(unknown.problems[0]?.message ?? "", /t3.*not found|not found.*t3/i);
    const noView = await check(sidecar!, "SELECT * FROM recent;");
    assert.match(noView.problems[0]?.message ?? "", /recent.*not found|not found.*recent/i);
  });

  it("SET in request 1 does not change request 2", async function () {
    const insert = `${SOURCE}${SINK}INSERT INTO snk SELECT k, v FROM src;`;
    const broken = await check(sidecar!, `SET 'table.local-time-zone' = 'Nowhere/Nothing';\n${insert}`);
    assert.strictEqual(broken.problems.length, 1, "an invalid time zone fails the INSERT");
    assert.deepStrictEqual(messages(await check(sidecar!, insert)), []);
  });
});
