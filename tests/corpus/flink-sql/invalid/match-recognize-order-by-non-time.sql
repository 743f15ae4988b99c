-- MATCH_RECOGNIZE must order by a time attribute first.
-- expect-line: 13
CREATE TABLE Orders (
  order_id BIGINT,
  customer_id INT,
  price DECIMAL(10, 2),
  currency STRING,
  order_time TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');

SELECT *
FROM Orders
  MATCH_RECOGNIZE (
    PARTITION BY currency
    ORDER BY price
    MEASURES A.order_id AS first_id
    PATTERN (A B)
    DEFINE B AS B.price > A.price
  );
