package dev.alicloudflink.sidecar;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Scripts that make the planner load (and the JIT compile) what typical requests
 * need: streaming and batch, validate and compile, the common query shapes. Run
 * with {@code --train} by scripts/ensure-sidecar.js under
 * {@code -XX:ArchiveClassesAtExit}, to build the class-data sharing archive the
 * client starts the JVM with.
 */
final class Training {
    private Training() {}

    private static final String TABLES = """
            CREATE TABLE orders (order_id BIGINT, customer_id INT, price DECIMAL(10, 2), item STRING,
              order_time TIMESTAMP(3), proc_time AS PROCTIME(),
              WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
            ) WITH ('connector' = 'kafka', 'format' = 'json');
            CREATE TABLE shipments (order_id BIGINT, ship_time TIMESTAMP(3),
              WATERMARK FOR ship_time AS ship_time - INTERVAL '5' SECOND) WITH ('connector' = 'kafka');
            CREATE TABLE customers (id INT, name STRING, country STRING, PRIMARY KEY (id) NOT ENFORCED)
              WITH ('connector' = 'jdbc', 'table-name' = 'customers');
            CREATE TABLE rates (currency STRING, rate DECIMAL(10, 4), update_time TIMESTAMP(3),
              WATERMARK FOR update_time AS update_time, PRIMARY KEY (currency) NOT ENFORCED)
              WITH ('connector' = 'upsert-kafka');
            CREATE TABLE sink_agg (k STRING, cnt BIGINT, total DECIMAL(38, 2), PRIMARY KEY (k) NOT ENFORCED)
              WITH ('connector' = 'jdbc');
            CREATE TABLE sink_rows (order_id BIGINT, name STRING, price DECIMAL(10, 2)) WITH ('connector' = 'print');
            CREATE TABLE sink_win (window_start TIMESTAMP(3), window_end TIMESTAMP(3), item STRING, cnt BIGINT)
              WITH ('connector' = 'kafka');
            """;

    private static final String STREAMING = TABLES + """
            CREATE TEMPORARY VIEW big_orders AS SELECT * FROM orders WHERE price > 10;
            INSERT INTO sink_agg SELECT item, COUNT(*), SUM(price) FROM big_orders GROUP BY item;
            INSERT INTO sink_win SELECT window_start, window_end, item, COUNT(*)
              FROM TABLE(HOP(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
              GROUP BY window_start, window_end, item;
            INSERT INTO sink_rows SELECT o.order_id, c.name, o.price FROM orders AS o
              JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id;
            INSERT INTO sink_rows SELECT o.order_id, CAST(s.ship_time AS STRING), o.price FROM orders o, shipments s
              WHERE o.order_id = s.order_id AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '4' HOUR;
            INSERT INTO sink_rows SELECT order_id, item, price FROM (
              SELECT *, ROW_NUMBER() OVER (PARTITION BY item ORDER BY price DESC) AS rn FROM orders) WHERE rn <= 3;
            INSERT INTO sink_rows SELECT order_id, item, SUM(price) OVER (PARTITION BY item ORDER BY order_time
              ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) FROM orders;
            INSERT INTO sink_rows SELECT id, name, CAST(0 AS DECIMAL(10, 2)) FROM orders
              MATCH_RECOGNIZE (PARTITION BY item ORDER BY order_time MEASURES A.order_id AS id, A.item AS name
                ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (A B) DEFINE B AS B.price > A.price);
            BEGIN STATEMENT SET;
            INSERT INTO sink_agg SELECT CAST(customer_id AS STRING), COUNT(DISTINCT item), MAX(price) FROM orders
              GROUP BY customer_id;
            INSERT INTO sink_rows SELECT o.order_id, UPPER(o.item), o.price * r.rate FROM orders AS o
              JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.item = r.currency;
            END;
            SELECT item, TUMBLE_START(order_time, INTERVAL '1' MINUTE), COUNT(*) FROM orders
              GROUP BY item, TUMBLE(order_time, INTERVAL '1' MINUTE);
            CREATE TABLE ctas WITH ('connector' = 'kafka') AS SELECT item, price FROM orders WHERE item LIKE 'a%'
            """;

    private static final String BATCH = TABLES + """
            INSERT INTO sink_agg SELECT c.country, COUNT(*), SUM(o.price) FROM orders o
              JOIN customers c ON o.customer_id = c.id GROUP BY c.country;
            SELECT item, price FROM orders ORDER BY price DESC LIMIT 10
            """;

    static List<Statement> statements(String script) {
        List<Statement> statements = new ArrayList<>();
        for (String text : script.split(";\\s*\\n")) {
            if (!text.isBlank()) statements.add(new Statement(statements.size(), text.strip(), 1, 1));
        }
        return statements;
    }

    /** The streaming training script: what the background warm-up validates again and again. */
    static List<Statement> streaming() {
        return statements(STREAMING);
    }

    /** Runs every training script once; fails if one does not validate. */
    static void run(SqlValidator validator) {
        check(validator.validate(statements(STREAMING), false, false), "streaming validate");
        check(validator.validate(statements(STREAMING), false, true), "streaming compile");
        check(validator.validate(statements(BATCH), true, false), "batch validate");
        check(validator.validate(statements("CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n"
                + "SELECT a, b FROM t;\nSELEC 1"), false, false), null);
    }

    private static void check(ObjectNode result, String what) {
        if (what != null && !result.path("ok").asBoolean()) {
            throw new IllegalStateException("the " + what + " training script did not validate: " + result);
        }
    }
}
