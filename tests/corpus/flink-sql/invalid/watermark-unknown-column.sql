-- WATERMARK on a column that does not exist.
-- expect-line: 6
CREATE TABLE t (
  id BIGINT,
  ts TIMESTAMP(3),
  WATERMARK FOR event_time AS event_time - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka');
