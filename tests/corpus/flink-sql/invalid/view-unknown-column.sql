-- A view over a column that does not exist.
-- expect-line: 14
CREATE TABLE Orders (
  order_id BIGINT,
  customer_id INT,
  price DECIMAL(10, 2),
  currency STRING,
  order_time TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');

CREATE VIEW v AS
SELECT order_id, discount FROM Orders;
