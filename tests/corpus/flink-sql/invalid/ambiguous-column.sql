-- Ambiguous column in a join.
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
CREATE TABLE Orders2 (
  order_id BIGINT,
  note STRING
) WITH ('connector' = 'kafka');

SELECT order_id
FROM Orders JOIN Orders2 ON Orders.order_id = Orders2.order_id;
