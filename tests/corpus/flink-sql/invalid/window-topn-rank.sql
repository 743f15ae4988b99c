-- Window Top-N takes ROW_NUMBER() only: a planner rule the grammar cannot see.
-- expect-line: 10
CREATE TABLE Bid (
  bidtime TIMESTAMP(3),
  price DECIMAL(10, 2),
  item STRING,
  supplier_id STRING,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');
SELECT *
  FROM (
    SELECT bidtime, price, item, supplier_id, window_start, window_end,
      RANK() OVER (PARTITION BY window_start, window_end, supplier_id ORDER BY price DESC) AS rk
    FROM TABLE(HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
  ) WHERE rk <= 2;
