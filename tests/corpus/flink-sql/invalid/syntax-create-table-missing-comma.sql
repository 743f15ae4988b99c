-- Missing comma between columns.
-- expect-line: 5
CREATE TABLE t (
  a INT
  b STRING
) WITH ('connector' = 'kafka');
