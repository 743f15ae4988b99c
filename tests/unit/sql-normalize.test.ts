import * as assert from "assert";
import { normalizeSql, normalizeStatement, sqlHash } from "../../provider/sql";

function assertSameMeaning(a: string, b: string): void {
  assert.strictEqual(normalizeStatement(a), normalizeStatement(b));
}

function assertDifferent(a: string, b: string): void {
  assert.notStrictEqual(normalizeStatement(a), normalizeStatement(b));
}

describe("sql: normalizeStatement", () => {
  it("produces a canonical one-line form", () => {
    assert.strictEqual(
      normalizeStatement(
        "create temporary table orders (\n  id bigint,\n  price decimal(10, 2)\n) with ('connector'='kafka');",
      ),
      "CREATE TEMPORARY TABLE orders(id BIGINT, price DECIMAL(10, 2)) WITH('connector' = 'kafka')",
    );
  });

  describe("does not count", () => {
    it("whitespace, including around operators and punctuation", () => {
      assertSameMeaning("SELECT a,b FROM t WHERE x=1", "SELECT   a ,\n\tb\r\nFROM t\nWHERE x = 1");
      assertSameMeaning("WITH ('a'='b','c'='d')", "WITH (\n  'a' = 'b',\n  'c' = 'd'\n)");
      assertSameMeaning("SELECT f(x), t.c, m['k'] FROM t", "SELECT f (x) , t . c , m [ 'k' ] FROM t");
      assertSameMeaning("SELECT a FROM t WHERE a IN (1, 2)", "SELECT a FROM t WHERE a IN(1,2)");
      assertSameMeaning("SELECT a <> b, a >= b, a || b", "SELECT a<>b, a>=b, a||b");
    });

    it("comments", () => {
      assertSameMeaning(
        "SELECT a -- why\n, /* what */ b FROM t",
        "/* header */ SELECT a, b FROM t -- trailing",
      );
    });

    it("keyword case", () => {
      assertSameMeaning(
        "insert into sink select count(*) from orders where price is not null group by buyer",
        "INSERT INTO sink SELECT COUNT(*) FROM orders WHERE price IS NOT NULL GROUP BY buyer",
      );
      assertSameMeaning(
        "create temporary view v as select * from t",
        "CREATE TEMPORARY VIEW v AS SELECT * FROM t",
      );
      assertSameMeaning(
        "watermark for ts as ts - interval '5' second",
        "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND",
      );
    });

    it("trailing semicolons", () => {
      assertSameMeaning("SELECT 1", "SELECT 1;");
      assertSameMeaning("SELECT 1", "SELECT 1 ; ;\n");
    });
  });

  describe("counts", () => {
    it("the case and spacing of string literals", () => {
      assertDifferent("SELECT 'abc'", "SELECT 'ABC'");
      assertDifferent("SELECT 'a b'", "SELECT 'a  b'");
      assertDifferent("WITH ('topic' = 'Orders')", "WITH ('topic' = 'orders')");
    });

    it("quoted identifiers, exactly as written", () => {
      assertDifferent("SELECT `Name` FROM t", "SELECT `name` FROM t");
      assertDifferent("SELECT `select` FROM t", "SELECT `SELECT` FROM t");
    });

    it("identifier changes, including case (Flink identifiers are case-sensitive)", () => {
      assertDifferent("SELECT a FROM orders", "SELECT a FROM orders2");
      assertDifferent("SELECT a FROM orders", "SELECT a FROM Orders");
      assertDifferent("SELECT buyer FROM t", "SELECT BUYER FROM t");
    });

    it("words that look like keywords inside qualified names", () => {
      assert.strictEqual(
        normalizeStatement("select t.value, cat.db.table from t"),
        "SELECT t.value, cat.db.table FROM t",
      );
    });

    it("query hints, which change how Flink runs the query", () => {
      assertDifferent(
        "SELECT * FROM t",
        "SELECT /*+ OPTIONS('scan.startup.mode'='latest-offset') */ * FROM t",
      );
      assert.strictEqual(
        normalizeStatement("select /*+ OPTIONS('a'='b') */ * from t"),
        "SELECT /*+ OPTIONS('a'='b') */ * FROM t",
      );
    });

    it("the content of ${variable} placeholders", () => {
      assertDifferent("SELECT '${a}'", "SELECT '${b}'");
      assertDifferent("SELECT ${a} FROM t", "SELECT ${A} FROM t");
      assert.strictEqual(normalizeStatement("select ${v} from t"), "SELECT ${v} FROM t");
      // Variable names are case-sensitive even when they read like keywords, also when glued to a name.
      assertDifferent("SELECT a FROM orders_${date}", "SELECT a FROM orders_${DATE}");
      assertDifferent("SELECT a FROM orders_${env}", "SELECT a FROM orders_ ${env}");
      assert.strictEqual(
        normalizeStatement("select a from db_${env}.t_${env}_x"),
        "SELECT a FROM db_${env}.t_${env}_x",
      );
    });

    it("operators, numbers and the adjacency of literal prefixes", () => {
      assertDifferent("SELECT a - 1", "SELECT a + 1");
      assertDifferent("SELECT 1.5", "SELECT 15");
      assert.strictEqual(normalizeStatement("SELECT x'0F', _UTF16'a'"), "SELECT x'0F', _UTF16'a'");
    });
  });

  it("keeps semicolons inside literals and quoted identifiers", () => {
    assert.strictEqual(normalizeStatement("SELECT 'a;b', `c;d`;"), "SELECT 'a;b', `c;d`");
  });
});

describe("sql: normalizeSql and sqlHash", () => {
  // sha256 of ["CREATE TEMPORARY TABLE t(a INT) WITH('connector' = 'datagen')","INSERT INTO s SELECT a FROM t"]
  const PINNED_HASH = "sha256:5a0f822d329af59538ee734bcc69ef1b11a8226a4f37b97b9be23f467d55a8c8";
  const script =
    "-- job\ncreate temporary table t (a int) with ('connector' = 'datagen');\ninsert into s select a from t;";

  it("normalizes every statement of a script", () => {
    assert.deepStrictEqual(normalizeSql(script), [
      "CREATE TEMPORARY TABLE t(a INT) WITH('connector' = 'datagen')",
      "INSERT INTO s SELECT a FROM t",
    ]);
  });

  it("hashes to sha256:<64 hex digits>, the same for every run", () => {
    const hash = sqlHash(script);
    assert.match(hash, /^sha256:[0-9a-f]{64}$/);
    assert.strictEqual(sqlHash(script), hash);
  });

  it("is pinned: a change of normalization (which would show every stack a diff) is deliberate", () => {
    assert.strictEqual(sqlHash(script), PINNED_HASH);
  });

  it("is stable under formatting, comments and keyword case", () => {
    const reformatted =
      "CREATE TEMPORARY TABLE t (\n  a INT\n) WITH (\n  'connector' = 'datagen'\n);\n\n/* load */\nINSERT INTO s\nSELECT a\nFROM t";
    assert.strictEqual(sqlHash(reformatted), sqlHash(script));
  });

  it("changes with a literal, an identifier, or the statement boundaries", () => {
    const hash = sqlHash(script);
    assert.notStrictEqual(sqlHash(script.replace("'datagen'", "'Datagen'")), hash);
    assert.notStrictEqual(sqlHash(script.replace("select a from t", "select a from t2")), hash);
    // One statement or two statements with the same tokens are different scripts.
    assert.notStrictEqual(sqlHash("SELECT 1; SELECT 2"), sqlHash("SELECT 1 SELECT 2"));
  });

  it("hashes an empty script and a comment-only script alike", () => {
    assert.strictEqual(sqlHash(""), sqlHash("-- nothing here\n;"));
  });
});
