import * as assert from "assert";
import { describeStatementChanges } from "../../provider/sql";

const OLD = [
  "CREATE TEMPORARY TABLE src (a INT) WITH ('connector' = 'datagen');",
  "CREATE TEMPORARY TABLE snk (a INT) WITH ('connector' = 'print');",
  "INSERT INTO snk SELECT a FROM src;",
].join("\n");

describe("sql: describeStatementChanges", () => {
  it("returns nothing when only formatting, comments and keyword case differ", () => {
    const reformatted = `-- reformatted
      create temporary table src (a int) with ('connector'='datagen');
      create temporary table snk (
        a int
      ) with ('connector'='print');
      insert into snk
      select a from src`;
    assert.deepStrictEqual(describeStatementChanges(OLD, reformatted), []);
  });

  it("reports a changed statement with its normalized text", () => {
    const changed = OLD.replace("SELECT a FROM src", "SELECT a FROM src WHERE a > 0");
    assert.deepStrictEqual(describeStatementChanges(OLD, changed), [
      "statement 3 changed: INSERT INTO snk SELECT a FROM src WHERE a > 0",
    ]);
  });

  it("reports an inserted statement as added, without marking the following ones as changed", () => {
    const inserted = OLD.replace("INSERT INTO", "SET 'pipeline.name' = 'job';\nINSERT INTO");
    assert.deepStrictEqual(describeStatementChanges(OLD, inserted), [
      "statement 3 added: SET 'pipeline.name' = 'job'",
    ]);
  });

  it("reports a removed statement with its number in the old script", () => {
    const removed = OLD.replace("CREATE TEMPORARY TABLE src (a INT) WITH ('connector' = 'datagen');\n", "");
    assert.deepStrictEqual(describeStatementChanges(OLD, removed), [
      "statement 1 removed: CREATE TEMPORARY TABLE src(a INT) WITH('connector' = 'datagen')",
    ]);
  });

  it("treats a change of a literal's case as a change", () => {
    assert.deepStrictEqual(describeStatementChanges("SELECT 'a'", "SELECT 'A'"), [
      "statement 1 changed: SELECT 'A'",
    ]);
  });

  it("shortens long statements", () => {
    const long = `SELECT ${"x, ".repeat(60)}y FROM t`;
    const [line] = describeStatementChanges("SELECT 1", long);
    assert.ok(line.startsWith("statement 1 changed: SELECT x, x,"));
    assert.ok(line.endsWith("…"));
    assert.ok(line.length <= "statement 1 changed: ".length + 80);
  });

  it("describes scripts made from nothing and to nothing", () => {
    assert.deepStrictEqual(describeStatementChanges("", "SELECT 1; SELECT 2"), [
      "statement 1 added: SELECT 1",
      "statement 2 added: SELECT 2",
    ]);
    assert.deepStrictEqual(describeStatementChanges("SELECT 1", "-- gone"), [
      "statement 1 removed: SELECT 1",
    ]);
  });
});
