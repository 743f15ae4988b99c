-- Deduplication (docs/dev/table/sql/queries/deduplication.md)
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

SELECT order_id, customer_id, price, order_time
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY proc_time ASC) AS row_num
  FROM Orders)
WHERE row_num = 1;

SELECT order_id, customer_id, price, order_time
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY order_time DESC) AS row_num
  FROM Orders)
WHERE row_num = 1;

CREATE TABLE latest_orders (
  order_id BIGINT,
  price DECIMAL(32, 2),
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH ('connector' = 'upsert-kafka', 'topic' = 'latest', 'key.format' = 'json', 'value.format' = 'json');

INSERT INTO latest_orders
SELECT order_id, price
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY order_time DESC) AS rn
  FROM Orders)
WHERE rn = 1;
