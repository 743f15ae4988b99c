-- Group window aggregation, deprecated but supported (docs/dev/table/sql/queries/window-agg.md)
CREATE TABLE Orders (
  `user` BIGINT,
  product STRING,
  amount INT,
  order_time TIMESTAMP(3),
  proctime AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '1' MINUTE
) WITH ('connector' = 'kafka', 'format' = 'json');

SELECT
  `user`,
  TUMBLE_START(order_time, INTERVAL '1' DAY) AS wStart,
  SUM(amount) FROM Orders
GROUP BY
  TUMBLE(order_time, INTERVAL '1' DAY),
  `user`;

SELECT `user`, SUM(amount)
FROM Orders
GROUP BY TUMBLE(proctime, INTERVAL '1' DAY), `user`;

SELECT
  `user`,
  HOP_START(order_time, INTERVAL '1' HOUR, INTERVAL '1' DAY) AS wStart,
  HOP_END(order_time, INTERVAL '1' HOUR, INTERVAL '1' DAY) AS wEnd,
  SUM(amount)
FROM Orders
GROUP BY HOP(order_time, INTERVAL '1' HOUR, INTERVAL '1' DAY), `user`;

SELECT
  `user`,
  SESSION_START(order_time, INTERVAL '1' DAY) AS sStart,
  SESSION_ROWTIME(order_time, INTERVAL '1' DAY) AS sRowtime,
  SUM(amount)
FROM Orders
GROUP BY SESSION(order_time, INTERVAL '1' DAY), `user`;

SELECT
  TUMBLE_END(order_time, INTERVAL '10' MINUTE) AS wEnd,
  product,
  COUNT(*)
FROM Orders
GROUP BY TUMBLE(order_time, INTERVAL '10' MINUTE), product;
