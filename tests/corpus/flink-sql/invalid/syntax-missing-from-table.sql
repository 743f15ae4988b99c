-- FROM without a table.
-- expect-line: 15
CREATE TABLE Orders (
  order_id BIGINT,
  customer_id INT,
  price DECIMAL(10, 2),
  currency STRING,
  order_time TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');

SELECT order_id
FROM
WHERE price > 1;
