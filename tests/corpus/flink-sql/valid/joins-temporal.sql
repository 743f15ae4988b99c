-- Event-time and processing-time temporal joins (docs/dev/table/sql/queries/joins.md,
-- docs/dev/table/concepts/versioned_tables.md)
CREATE TABLE orders (
    order_id    STRING,
    price       DECIMAL(32,2),
    currency    STRING,
    order_time  TIMESTAMP(3),
    proctime AS PROCTIME(),
    WATERMARK FOR order_time AS order_time
) WITH ('connector' = 'kafka', 'format' = 'json');

CREATE TABLE currency_rates (
    currency STRING,
    conversion_rate DECIMAL(32, 2),
    update_time TIMESTAMP(3) METADATA FROM 'value.source.timestamp' VIRTUAL,
    WATERMARK FOR update_time AS update_time,
    PRIMARY KEY(currency) NOT ENFORCED
) WITH (
   'connector' = 'kafka',
   'value.format' = 'debezium-json'
);

SELECT
     order_id,
     price,
     orders.currency,
     conversion_rate,
     order_time
FROM orders
LEFT JOIN currency_rates FOR SYSTEM_TIME AS OF orders.order_time
ON orders.currency = currency_rates.currency;

CREATE TABLE RatesHistory (
  currency_time TIMESTAMP(3),
  currency STRING,
  rate DECIMAL(38, 10),
  WATERMARK FOR currency_time AS currency_time
) WITH ('connector' = 'kafka', 'format' = 'json');

CREATE VIEW versioned_rates AS
SELECT currency, rate, currency_time
  FROM (
      SELECT *,
      ROW_NUMBER() OVER (PARTITION BY currency
         ORDER BY currency_time DESC) AS rowNum
      FROM RatesHistory )
WHERE rowNum = 1;

SELECT
  o.order_id,
  o.order_time,
  o.price * r.rate AS converted,
  r.currency_time
FROM orders AS o
JOIN versioned_rates FOR SYSTEM_TIME AS OF o.order_time AS r
ON o.currency = r.currency;

CREATE TABLE LatestRates (
  currency STRING,
  rate DECIMAL(38, 10)
) WITH ('connector' = 'hbase-2.2', 'table-name' = 'rates', 'zookeeper.quorum' = 'zk:2181');

SELECT
  o.price, o.currency, r.rate, o.price * r.rate
FROM
  orders AS o
  JOIN LatestRates FOR SYSTEM_TIME AS OF o.proctime AS r
  ON r.currency = o.currency;
