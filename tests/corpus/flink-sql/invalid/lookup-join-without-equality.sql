-- A temporal join needs an equality on the key.
-- expect-line: 17
CREATE TABLE Orders (
  order_id BIGINT,
  customer_id INT,
  price DECIMAL(10, 2),
  currency STRING,
  order_time TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');
CREATE TABLE Rates (
  currency STRING,
  rate DECIMAL(10, 4)
) WITH ('connector' = 'jdbc');

SELECT o.order_id, r.rate
FROM Orders o
JOIN Rates FOR SYSTEM_TIME AS OF o.proc_time AS r
ON r.rate > 1;
