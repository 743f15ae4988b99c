-- Streaming Top-N takes ROW_NUMBER() only in Flink 1.20.
-- expect-line: 9
CREATE TABLE ShopSales (
  product_id   STRING,
  category     STRING,
  product_name STRING,
  sales        BIGINT
) WITH ('connector' = 'kafka', 'format' = 'json');
SELECT *
FROM (
  SELECT *,
    RANK() OVER (PARTITION BY category ORDER BY sales DESC) AS rk
  FROM ShopSales)
WHERE rk <= 3;
