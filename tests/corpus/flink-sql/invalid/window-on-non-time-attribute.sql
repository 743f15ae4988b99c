-- A window TVF on a column that is not a time attribute.
-- expect-line: 8
CREATE TABLE t (
  id BIGINT,
  ts TIMESTAMP(3)
) WITH ('connector' = 'kafka');

SELECT window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
