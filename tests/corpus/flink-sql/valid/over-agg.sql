-- OVER aggregation (docs/dev/table/sql/queries/over-agg.md)
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

SELECT order_id, order_time, amount,
  SUM(amount) OVER (
    PARTITION BY product_id
    ORDER BY order_time
    RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW
  ) AS one_hour_prod_amount_sum
FROM Orders;

SELECT order_id, order_time, amount,
  SUM(amount) OVER w AS sum_amount,
  AVG(amount) OVER w AS avg_amount
FROM Orders
WINDOW w AS (
  PARTITION BY product_id
  ORDER BY order_time
  RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);

SELECT order_id, order_time, amount,
  MAX(amount) OVER (
    PARTITION BY product_id
    ORDER BY order_time
    ROWS BETWEEN 10 PRECEDING AND CURRENT ROW
  ) AS max_last_10
FROM Orders;

SELECT order_id, proc_time,
  COUNT(*) OVER (PARTITION BY customer_id ORDER BY proc_time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n
FROM Orders;

SELECT order_id,
  LAG(amount, 1) OVER (PARTITION BY customer_id ORDER BY order_time) AS previous_amount
FROM Orders;
