-- Generated orders, filtered and written to a blackhole sink: a load test for the queue.
CREATE TEMPORARY TABLE orders (
  order_id BIGINT,
  amount DECIMAL(10, 2),
  currency STRING
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '${rowsPerSecond}'
);

CREATE TEMPORARY TABLE large_orders (
  order_id BIGINT,
  amount DECIMAL(10, 2),
  currency STRING
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO large_orders
SELECT order_id, amount, currency
FROM orders
WHERE amount > 100;
