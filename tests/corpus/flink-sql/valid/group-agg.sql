-- Group aggregation (docs/dev/table/sql/queries/group-agg.md)
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

SELECT COUNT(*) FROM Orders;

SELECT COUNT(*)
FROM Orders
GROUP BY order_id;

SELECT COUNT(DISTINCT order_id) FROM Orders;

SELECT customer_id, SUM(price) AS total
FROM Orders
GROUP BY customer_id
HAVING SUM(price) > 100;

SELECT currency, product_id, SUM(amount)
FROM Orders
GROUP BY GROUPING SETS ((currency, product_id), (currency), ());

SELECT currency, product_id, SUM(amount)
FROM Orders
GROUP BY ROLLUP (currency, product_id);

SELECT currency, product_id, SUM(amount)
FROM Orders
GROUP BY CUBE (currency, product_id);

SELECT customer_id, LISTAGG(currency) AS currencies, MAX(order_time), MIN(price), STDDEV_POP(amount)
FROM Orders
GROUP BY customer_id;

SELECT customer_id, COUNT(*) FILTER (WHERE amount > 10) AS big_orders, FIRST_VALUE(currency), LAST_VALUE(currency)
FROM Orders
GROUP BY customer_id;

SELECT DISTINCT customer_id FROM Orders;

SELECT customer_id, COLLECT(currency) AS currencies FROM Orders GROUP BY customer_id;
