-- PRIMARY KEY on a column that does not exist.
-- expect-line: 5
CREATE TABLE t (
  id BIGINT,
  PRIMARY KEY (uid) NOT ENFORCED
) WITH ('connector' = 'kafka');
