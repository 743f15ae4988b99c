-- Lookup joins (docs/dev/table/sql/queries/joins.md, docs/dev/table/sql/queries/hints.md)
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

CREATE TEMPORARY TABLE Customers (
  id INT,
  name STRING,
  country STRING,
  zip STRING
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:mysql://mysqlhost:3306/customerdb',
  'table-name' = 'customers'
);

SELECT o.order_id, o.price, c.country, c.zip
FROM Orders AS o
  JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c
    ON o.customer_id = c.id;

SELECT o.order_id, c.name
FROM Orders AS o
  LEFT JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c
    ON o.customer_id = c.id AND c.country = 'NL';

SELECT /*+ LOOKUP('table'='c', 'async'='true', 'output-mode'='allow_unordered') */ o.order_id, c.name
FROM Orders AS o
  JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c
    ON o.customer_id = c.id;

SELECT /*+ LOOKUP('table'='c', 'retry-predicate'='lookup_miss', 'retry-strategy'='fixed_delay', 'fixed-delay'='10s', 'max-attempts'='3') */
  o.order_id, c.zip
FROM Orders AS o
  JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c
    ON o.customer_id = c.id;

CREATE TEMPORARY TABLE enriched (
  order_id BIGINT,
  country STRING,
  zip STRING
) WITH ('connector' = 'print');

INSERT INTO enriched
SELECT o.order_id, c.country, c.zip
FROM Orders AS o
  JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c
    ON o.customer_id = c.id;
