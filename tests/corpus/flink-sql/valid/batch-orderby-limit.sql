-- mode: BATCH
-- ORDER BY and LIMIT on a bounded table (docs/dev/table/sql/queries/orderby.md, limit.md)
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

SELECT *
FROM Orders
ORDER BY order_time, order_id;

SELECT *
FROM Orders
ORDER BY order_time
LIMIT 3;

SELECT customer_id, SUM(price) AS total
FROM Orders
GROUP BY customer_id
ORDER BY total DESC
LIMIT 10;

SELECT window_start, window_end, SUM(price)
  FROM TABLE(TUMBLE(TABLE Orders, DESCRIPTOR(order_time), INTERVAL '10' MINUTES))
  GROUP BY window_start, window_end;

SELECT * FROM Orders ORDER BY price DESC LIMIT 5 OFFSET 5;
