-- In streaming, ORDER BY must start with a time attribute ascending (docs/dev/table/sql/queries/orderby.md)
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

SELECT * FROM Orders ORDER BY order_time LIMIT 3;
