import * as assert from "assert";
import { hasStatement, splitStatements } from "../../provider/sql";

describe("sql: splitStatements", () => {
  it("splits at semicolons and reports 1-based start positions in the original script", () => {
    const sql = "SELECT 1;\n\n  SELECT 2 ;SELECT\n  3";
    assert.deepStrictEqual(splitStatements(sql), [
      { text: "SELECT 1", index: 0, startLine: 1, startColumn: 1 },
      { text: "SELECT 2", index: 1, startLine: 3, startColumn: 3 },
      { text: "SELECT\n  3", index: 2, startLine: 3, startColumn: 13 },
    ]);
  });

  it("does not split at semicolons inside literals, quoted identifiers and comments", () => {
    const sql = [
      "-- a comment; still a comment",
      "SELECT 'it''s; fine', `a;b`, \"x;y\" FROM t /* block ; comment */ WHERE c = ';';",
      "/* ; */ SELECT 2",
    ].join("\n");
    const texts = splitStatements(sql).map((statement) => statement.text);
    assert.deepStrictEqual(texts, [
      "SELECT 'it''s; fine', `a;b`, \"x;y\" FROM t /* block ; comment */ WHERE c = ';'",
      "SELECT 2",
    ]);
  });

  it("starts a statement at its first token, after leading comments, and keeps inner comments", () => {
    const [statement] = splitStatements("/* header */\n-- note\n   INSERT INTO t -- why\n SELECT 1;");
    assert.strictEqual(statement.text, "INSERT INTO t -- why\n SELECT 1");
    assert.strictEqual(statement.startLine, 3);
    assert.strictEqual(statement.startColumn, 4);
  });

  it("drops empty statements and statements made only of comments", () => {
    assert.deepStrictEqual(
      splitStatements(";; -- nothing\n ; /* nothing */ ;SELECT 1;;").map((s) => [s.index, s.text]),
      [[0, "SELECT 1"]],
    );
    assert.deepStrictEqual(splitStatements(""), []);
    assert.deepStrictEqual(splitStatements("  \n-- only a comment"), []);
  });

  it("keeps an escaped backtick inside a quoted identifier and a doubled quote inside a literal", () => {
    const texts = splitStatements("SELECT `a``;b` FROM t; SELECT 'x'';y'").map((s) => s.text);
    assert.deepStrictEqual(texts, ["SELECT `a``;b` FROM t", "SELECT 'x'';y'"]);
  });

  it("treats the rest of the script as one statement when a literal is not closed", () => {
    const texts = splitStatements("SELECT 1; SELECT 'open; SELECT 3;").map((s) => s.text);
    assert.deepStrictEqual(texts, ["SELECT 1", "SELECT 'open; SELECT 3;"]);
  });

  it("splits a statement set into its statements", () => {
    const sql = "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;";
    assert.deepStrictEqual(
      splitStatements(sql).map((s) => s.text),
      ["BEGIN STATEMENT SET", "INSERT INTO a SELECT 1", "INSERT INTO b SELECT 2", "END"],
    );
  });

  it("counts columns after CRLF line breaks and tabs like an editor (1 per character)", () => {
    const statements = splitStatements("SELECT 1;\r\n\tSELECT 2;");
    assert.strictEqual(statements[1].startLine, 2);
    assert.strictEqual(statements[1].startColumn, 2);
  });

  it("splits a 1 MB script (timings are measured by the benchmark, not asserted here)", () => {
    const statement = "INSERT INTO sink SELECT a, 'x;y', `c;d` FROM src /* ; */ WHERE b > 1; -- done\n";
    const count = Math.ceil(1_000_000 / statement.length);
    const statements = splitStatements(statement.repeat(count));
    assert.strictEqual(statements.length, count);
    assert.strictEqual(statements[count - 1].startLine, count);
  });
});

describe("sql: hasStatement", () => {
  it("says what splitStatements(sql).length > 0 says", () => {
    const scripts = [
      "",
      "   \n\t",
      ";;;",
      "-- only a comment\n/* and another; */",
      "-- comment;\n;  ;",
      "SELECT 1",
      ";  SELECT 1 ;",
      "'a string; alone'",
      "/* c */ INSERT INTO t SELECT 1; -- tail",
      "`quoted;identifier`",
      "${placeholder}",
    ];
    for (const sql of scripts) {
      assert.strictEqual(hasStatement(sql), splitStatements(sql).length > 0, JSON.stringify(sql));
    }
    assert.strictEqual(hasStatement("-- nothing\n;"), false);
    assert.strictEqual(hasStatement("-- something\nSELECT 1;"), true);
  });
});
