-- Regular joins (docs/dev/table/sql/queries/joins.md)
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

CREATE TABLE Product (
  id BIGINT,
  name STRING,
  category STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH ('connector' = 'mysql-cdc', 'hostname' = 'db', 'database-name' = 'shop', 'table-name' = 'product');

SELECT * FROM Orders
INNER JOIN Product
ON Orders.product_id = Product.id;

SELECT *
FROM Orders
LEFT JOIN Product
ON Orders.product_id = Product.id;

SELECT *
FROM Orders
RIGHT JOIN Product
ON Orders.product_id = Product.id;

SELECT *
FROM Orders
FULL OUTER JOIN Product
ON Orders.product_id = Product.id;

SELECT o.order_id, p.name, o.price
FROM Orders AS o JOIN Product AS p ON o.product_id = p.id AND p.category = 'books'
WHERE o.price > 10;

SELECT order_id, tag
FROM Orders CROSS JOIN UNNEST(tags) AS t (tag);

SELECT p.category, COUNT(*) AS orders, SUM(o.price) AS revenue
FROM Orders o JOIN Product p ON o.product_id = p.id
GROUP BY p.category;
