-- WATERMARK without AS.
-- expect-line: 5
CREATE TABLE t (
  ts TIMESTAMP(3),
  WATERMARK FOR ts ts - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka');
