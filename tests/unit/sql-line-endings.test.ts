/**
 * Lines, comments and whitespace as Flink's lexer sees them: a `--` comment
 * ends at a lone CR too, lines end at CRLF, LF or CR, and characters that
 * only look like whitespace are named with their line and column.
 */
import { strict as assert } from "node:assert";
import { createProvider } from "../../provider/provider";
import { normalizeSql, splitStatements, sqlHash } from "../../provider/sql";
import { findInvisibleCharacter } from "../../provider/sql/invisible";
import { LineIndex } from "../../provider/sql/positions";

const LF = [
  "-- the source",
  "CREATE TEMPORARY TABLE src (id INT) WITH ('connector' = 'datagen');",
  "-- the job",
  "INSERT INTO snk SELECT id FROM src;",
].join("\n");

describe("SQL line endings and invisible characters", () => {
  it("a `--` comment ends at a lone CR: CR-only scripts split like LF ones", () => {
    const cr = LF.replace(/\n/g, "\r");
    assert.equal(splitStatements(cr).length, 2);
    assert.deepEqual(normalizeSql(cr), normalizeSql(LF));
    assert.equal(sqlHash(cr), sqlHash(LF));
  });

  it("an edit after a comment in a CR-only script is a change", () => {
    const cr = LF.replace(/\n/g, "\r");
    const edited = cr.replace("SELECT id FROM src", "SELECT id + 1 FROM src");
    assert.notEqual(sqlHash(edited), sqlHash(cr));
  });

  it("lines end at CRLF, LF or a lone CR", () => {
    const index = new LineIndex("a\r\nb\rc\nd");
    assert.deepEqual(index.positionAt(3), { line: 2, column: 1 });
    assert.deepEqual(index.positionAt(5), { line: 3, column: 1 });
    assert.deepEqual(index.positionAt(7), { line: 4, column: 1 });
    assert.equal(index.lineText(2), "b");
    assert.equal(index.lineText(1), "a");
  });

  it("names a no-break space and a byte-order mark with their line and column", () => {
    assert.deepEqual(findInvisibleCharacter("SELECT 1;\nSELECT\u00A0id FROM t;"), {
      codePoint: "U+00A0",
      name: "NO-BREAK SPACE",
      line: 2,
      column: 7,
    });
    assert.equal(findInvisibleCharacter("\uFEFFSELECT 1;")?.codePoint, "U+FEFF");
  });

  it("leaves them alone inside string literals and comments", () => {
    assert.equal(findInvisibleCharacter("SELECT 'a\u00A0b'; -- x\u00A0y"), undefined);
  });

  it("check refuses them with a message that names them", async () => {
    const { check } = createProvider({ sink: () => undefined, env: {} });
    const result = await check(
      {},
      {
        __resourceName: "job",
        workspace: "ws",
        namespace: "ns",
        engineVersion: "vvr-8.0.11-flink-1.17",
        sql: "INSERT INTO snk\u00A0SELECT 1;",
        validation: { preview: "local" },
      },
    );
    assert.match(
      result.failures?.map((f) => f.reason).join("\n") ?? "",
      /U\+00A0 NO-BREAK SPACE, at line 1, column 16.*plain space/,
    );
  });
});
