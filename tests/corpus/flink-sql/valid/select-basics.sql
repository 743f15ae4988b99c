-- SELECT, WHERE, WITH, set operations, subqueries (docs/dev/table/sql/queries/select.md, with.md, set-ops.md)
CREATE TABLE Orders (
  order_id BIGINT,
  product_id BIGINT,
  customer_id INT,
  price DECIMAL(32, 2),
  currency STRING,
  amount INT,
  tags ARRAY<STRING>,
  order_time TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'format' = 'json');

SELECT * FROM Orders;

SELECT order_id, price + 12 FROM Orders;

SELECT price + 12 AS total_price FROM Orders WHERE currency = 'EUR' AND amount > 2;

SELECT order_id, price FROM (VALUES (1, 2.0), (2, 3.1)) AS t (order_id, price);

WITH orders_with_total AS (
    SELECT order_id, price + 12 AS total
    FROM Orders
)
SELECT order_id, SUM(total)
FROM orders_with_total
GROUP BY order_id;

CREATE TEMPORARY VIEW t1 AS SELECT * FROM (VALUES ('c'), ('a'), ('b'), ('b'), ('c')) AS t (s);

CREATE TEMPORARY VIEW t2 AS SELECT * FROM (VALUES ('d'), ('e'), ('a'), ('b'), ('b')) AS t (s);

(SELECT s FROM t1) UNION (SELECT s FROM t2);

(SELECT s FROM t1) UNION ALL (SELECT s FROM t2);

(SELECT s FROM t1) INTERSECT (SELECT s FROM t2);

(SELECT s FROM t1) INTERSECT ALL (SELECT s FROM t2);

(SELECT s FROM t1) EXCEPT (SELECT s FROM t2);

(SELECT s FROM t1) EXCEPT ALL (SELECT s FROM t2);

SELECT order_id, currency FROM Orders WHERE currency IN (SELECT s FROM t1);

SELECT order_id,
  CASE WHEN amount > 10 THEN 'big' WHEN amount > 5 THEN 'medium' ELSE 'small' END AS size,
  COALESCE(currency, 'n/a') AS currency,
  CAST(order_id AS STRING) AS id_text,
  TRY_CAST(currency AS INT) AS currency_number
FROM Orders;

SELECT order_id, tags[1] AS first_tag, CARDINALITY(tags) AS tag_count FROM Orders;
