import * as assert from "assert";
import { checkSyntax, formatProblem, SqlProblem } from "../../provider/sql";

/** Runs `action` and returns everything it wrote to stdout, stderr or the console. */
function captureOutput(action: () => void): string {
  const written: string[] = [];
  const originals = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    log: console.log,
    error: console.error,
    warn: console.warn,
    info: console.info,
    debug: console.debug,
  };
  const record = (...parts: unknown[]): boolean => {
    written.push(parts.map(String).join(" "));
    return true;
  };
  process.stdout.write = record as typeof process.stdout.write;
  process.stderr.write = record as typeof process.stderr.write;
  console.log = console.error = console.warn = console.info = console.debug = record;
  try {
    action();
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
    Object.assign(console, {
      log: originals.log,
      error: originals.error,
      warn: originals.warn,
      info: originals.info,
      debug: originals.debug,
    });
  }
  return written.join("");
}

/** Valid Flink SQL the grammar accepts: what a typical streaming job is made of. */
const VALID_FLINK_SQL: Record<string, string> = {
  "CREATE TEMPORARY TABLE with computed column, watermark, primary key and WITH options": `
    CREATE TEMPORARY TABLE orders (
      order_id BIGINT,
      price DECIMAL(10, 2),
      buyer STRING,
      order_time TIMESTAMP(3),
      proc_time AS PROCTIME(),
      WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND,
      PRIMARY KEY (order_id) NOT ENFORCED
    ) COMMENT 'orders from Kafka' WITH (
      'connector' = 'kafka',
      'topic' = 'orders',
      'properties.bootstrap.servers' = 'broker:9092',
      'format' = 'json'
    )`,
  "metadata columns": `CREATE TEMPORARY TABLE k (
      \`partition\` INT METADATA VIRTUAL,
      ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
      v STRING
    ) WITH ('connector' = 'kafka')`,
  "partitioned filesystem table": `CREATE TEMPORARY TABLE fs (a INT, dt STRING) PARTITIONED BY (dt)
    WITH ('connector' = 'filesystem', 'path' = 'oss://bucket/path', 'format' = 'parquet')`,
  "INSERT INTO ... SELECT with aggregation":
    "INSERT INTO sink SELECT buyer, SUM(price) AS total FROM orders WHERE price > 10 GROUP BY buyer HAVING COUNT(*) > 1",
  "INSERT INTO ... WITH (common table expression)":
    "INSERT INTO sink WITH recent AS (SELECT * FROM orders WHERE price > 0) SELECT buyer, price FROM recent",
  "INSERT INTO ... VALUES": "INSERT INTO sink VALUES (1, 'a'), (2, 'b')",
  "INSERT OVERWRITE ... PARTITION":
    "INSERT OVERWRITE sink PARTITION (dt = '2024-01-01') SELECT a, b FROM src",
  "BEGIN STATEMENT SET; ...; END": `BEGIN STATEMENT SET;
    INSERT INTO a SELECT * FROM orders;
    INSERT INTO b SELECT buyer FROM orders;
    END;`,
  "EXECUTE STATEMENT SET BEGIN ...; END": `EXECUTE STATEMENT SET BEGIN
    INSERT INTO a SELECT * FROM orders;
    INSERT INTO b SELECT buyer FROM orders;
    END;`,
  "CREATE TEMPORARY VIEW": "CREATE TEMPORARY VIEW big_orders AS SELECT * FROM orders WHERE price > 100",
  "TUMBLE window TVF": `SELECT window_start, window_end, SUM(price) AS total
    FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end`,
  "HOP window TVF": `SELECT window_start, COUNT(*) AS n
    FROM TABLE(HOP(TABLE orders, DESCRIPTOR(order_time), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end`,
  "CUMULATE window TVF": `SELECT window_start, COUNT(*) AS n
    FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end`,
  "legacy group window":
    "SELECT TUMBLE_START(order_time, INTERVAL '1' HOUR), COUNT(*) FROM orders GROUP BY TUMBLE(order_time, INTERVAL '1' HOUR)",
  "SET 'key' = 'value'": "SET 'table.exec.state.ttl' = '1 h'",
  "RESET 'key'": "RESET 'table.exec.state.ttl'",
  "OPTIONS hint": "SELECT /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */ * FROM orders",
  "lookup join":
    "SELECT o.order_id, c.name FROM orders AS o JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.buyer = c.id",
  "interval join":
    "SELECT * FROM orders o, shipments s WHERE o.order_id = s.order_id AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time",
  "Top-N":
    "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY buyer ORDER BY price DESC) AS rn FROM orders) WHERE rn <= 3",
  "OVER aggregation with a ROWS frame and an alias":
    "SELECT buyer, SUM(price) OVER (PARTITION BY buyer ORDER BY order_time ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) AS s FROM orders",
  "OVER aggregation with a RANGE frame and an alias":
    "SELECT buyer, SUM(price) OVER (PARTITION BY buyer ORDER BY order_time RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS s FROM orders",
  MATCH_RECOGNIZE: `SELECT * FROM orders MATCH_RECOGNIZE (
      PARTITION BY buyer ORDER BY order_time
      MEASURES A.price AS first_price, LAST(B.price) AS last_price
      ONE ROW PER MATCH
      AFTER MATCH SKIP PAST LAST ROW
      PATTERN (A B+ C) WITHIN INTERVAL '1' HOUR
      DEFINE B AS B.price < A.price, C AS C.price > A.price
    ) AS T`,
  "CREATE TEMPORARY FUNCTION": "CREATE TEMPORARY FUNCTION my_udf AS 'com.example.MyUdf' LANGUAGE JAVA",
  "CREATE CATALOG": "CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'oss://bucket/wh')",
  "CREATE TABLE AS SELECT":
    "CREATE TABLE IF NOT EXISTS sink_ctas WITH ('connector' = 'print') AS SELECT * FROM orders",
  "CAST, CASE and functions":
    "INSERT INTO sink SELECT CAST(order_id AS STRING), DATE_FORMAT(order_time, 'yyyy-MM-dd'), CASE WHEN price > 100 THEN 'big' ELSE 'small' END FROM orders",
  "UNION ALL": "INSERT INTO sink SELECT buyer FROM a UNION ALL SELECT buyer FROM b",
  "CROSS JOIN UNNEST": "SELECT o.order_id, t.tag FROM orders AS o CROSS JOIN UNNEST(o.tags) AS t (tag)",
  "LATERAL TABLE":
    "SELECT o.order_id, t.word FROM orders AS o, LATERAL TABLE(split_words(o.buyer)) AS t(word)",
  "temporal join":
    "SELECT o.order_id, r.rate FROM orders AS o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.currency = r.currency",
  "quoted identifiers and keyword-named columns": "SELECT `select`, `value`, data, key FROM `weird table`",
  "a whole job with comments": `-- orders per minute
    SET 'pipeline.name' = 'orders-per-minute';
    CREATE TEMPORARY TABLE src (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
    /* print everything */
    CREATE TEMPORARY TABLE snk (window_start TIMESTAMP(3), n BIGINT) WITH ('connector' = 'print');
    INSERT INTO snk
    SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE src, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
    GROUP BY window_start, window_end;`,
};

/**
 * Valid Flink SQL that dt-sql-parser 4.5.1's grammar rejects. Listed so that
 * the gaps are known (callers report local problems as warnings unless
 * strict) and so that a grammar upgrade that closes one is noticed.
 */
const KNOWN_GRAMMAR_GAPS: Record<string, string> = {
  "OVER aggregation without an alias":
    "SELECT buyer, SUM(price) OVER (PARTITION BY buyer ORDER BY order_time) FROM orders",
  "SESSION window TVF":
    "SELECT * FROM TABLE(SESSION(TABLE orders PARTITION BY buyer, DESCRIPTOR(ts), INTERVAL '5' MINUTES))",
  "CREATE TABLE ... LIKE without a column list":
    "CREATE TEMPORARY TABLE c WITH ('connector' = 'print') LIKE orders (EXCLUDING ALL)",
  "CREATE DATABASE without WITH": "CREATE DATABASE IF NOT EXISTS my_db",
  "non-ASCII unquoted identifier": "SELECT buyer AS 买家 FROM orders",
};

describe("sql: checkSyntax", function () {
  // The first call loads the grammar, and builds its bundle when run from a fresh checkout.
  before(function () {
    this.timeout(120_000);
    checkSyntax("SELECT 1");
  });

  describe("accepts valid Flink SQL", () => {
    for (const [name, sql] of Object.entries(VALID_FLINK_SQL)) {
      it(name, () =>
        assert.deepStrictEqual(
          checkSyntax(sql).map((p) => formatProblem(p)),
          [],
        ),
      );
    }
  });

  describe("reports (does not throw on) the grammar's known gaps", () => {
    for (const [name, sql] of Object.entries(KNOWN_GRAMMAR_GAPS)) {
      it(name, () => assert.strictEqual(checkSyntax(sql).length, 1));
    }
  });

  it("points at the line and column of the original script, with the line and a caret", () => {
    const sql = [
      "-- job",
      "SET 'pipeline.name' = 'x';",
      "CREATE TEMPORARY TABLE t (",
      "  a INT,",
      "  b STRIN G",
      ") WITH ('connector' = 'datagen');",
      "INSERT INTO s SELECT a FROM t;",
    ].join("\n");
    const problems = checkSyntax(sql);
    assert.deepStrictEqual(problems, [
      {
        message: "'STRIN' is not valid at this position",
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 10,
        statementIndex: 1,
        excerpt: "  b STRIN G\n    ^",
      },
    ]);
    assert.strictEqual(
      formatProblem(problems[0], "orders.sql"),
      "orders.sql: statement 2, line 5, column 5: 'STRIN' is not valid at this position\n    b STRIN G\n      ^",
    );
  });

  it("maps columns of a statement that starts in the middle of a line", () => {
    const [problem] = checkSyntax("SELECT 1;   SELECT a, b FRO t;");
    assert.strictEqual(problem.statementIndex, 1);
    assert.strictEqual(problem.line, 1);
    assert.strictEqual(problem.column, 29);
    assert.strictEqual(problem.excerpt, "SELECT 1;   SELECT a, b FRO t;\n" + " ".repeat(28) + "^");
  });

  it("reports one problem per faulty statement, each in its own statement", () => {
    const problems = checkSyntax("SELECT a FROM t WHERE;\nSELECT 1;\nINSERT INTO x SELEC 1;");
    assert.deepStrictEqual(
      problems.map((p) => [p.statementIndex, p.line, p.column, p.message]),
      [
        [0, 1, 22, "Statement is incomplete"],
        [2, 3, 15, "'SELEC' is not valid at this position"],
      ],
    );
    assert.strictEqual(problems[0].endLine, undefined, "no extent at the end of a statement");
  });

  it("checks a statement set as one unit and attributes an error to the statement inside it", () => {
    const sql = "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELEC 2;\nEND;\nSELECT 1;";
    assert.deepStrictEqual(
      checkSyntax(sql).map((p) => [p.statementIndex, p.line, p.column]),
      [[2, 3, 15]],
    );
  });

  it("explains an unclosed string literal, quoted identifier or comment", () => {
    const cases: Array<[string, string, number, number]> = [
      ["SELECT a FROM t;\nSELECT 'open", "string literal is not closed: add the closing '", 2, 8],
      ["SELECT `open FROM t", "quoted identifier is not closed: add the closing `", 1, 8],
      ["SELECT 1 /* open", "comment is not closed: add the closing */", 1, 10],
    ];
    for (const [sql, message, line, column] of cases) {
      const problems = checkSyntax(sql);
      assert.deepStrictEqual(
        problems.map((p) => [p.message, p.line, p.column]),
        [[message, line, column]],
        sql,
      );
    }
  });

  it("keeps tabs in the caret line so the caret lines up", () => {
    const [problem] = checkSyntax("SELECT\ta,\tb FRO t");
    assert.strictEqual(problem.excerpt, "SELECT\ta,\tb FRO t\n      \t  \t      ^");
  });

  it("shows a window of a very long line around the column", () => {
    const sql = `SELECT ${Array.from({ length: 100 }, (_, i) => `c${i}`).join(", ")} FRO t`;
    const [problem] = checkSyntax(sql);
    const [line, caret] = problem.excerpt.split("\n");
    assert.ok(line.length <= 122, `excerpt line has ${line.length} characters`);
    assert.strictEqual(line[caret.length - 1], "t", "the caret is under the offending token");
  });

  it("masks secrets in messages and excerpts, keeping columns", () => {
    const sql = "CREATE TEMPORARY TABLE t (a INT) WITH ('password' = 'hunter2') FRO";
    const mask = (text: string): string => text.split("hunter2").join("*******");
    const [problem] = checkSyntax(sql, { mask, maskExcerpt: mask });
    assert.ok(!JSON.stringify(problem).includes("hunter2"));
    assert.ok(problem.excerpt.includes("'password' = '*******'"));
    const [unmasked] = checkSyntax(sql);
    assert.strictEqual(problem.column, unmasked.column);
    assert.strictEqual(problem.excerpt.split("\n")[1], unmasked.excerpt.split("\n")[1]);
  });

  it("returns [] for an empty or comment-only script", () => {
    assert.deepStrictEqual(checkSyntax(""), []);
    assert.deepStrictEqual(checkSyntax("-- nothing\n/* at all */;"), []);
  });

  it("writes nothing to stdout, stderr or the console, whatever the errors", () => {
    const problems: SqlProblem[] = [];
    const output = captureOutput(() => {
      for (const sql of [
        "SELEC 1",
        "SELECT a FROM",
        "SELECT a 买 FROM t",
        "SELECT ` FROM t",
        "SELECT 'open",
        "CREATE TABLE (",
        "BEGIN STATEMENT SET; INSERT INTO a SELEC 1; END;",
        ...Object.values(KNOWN_GRAMMAR_GAPS),
      ]) {
        problems.push(...checkSyntax(sql));
      }
    });
    assert.strictEqual(output, "");
    assert.ok(problems.length >= 7, "the faulty scripts did produce problems");
  });
});
