-- The same table created twice.
-- expect-line: 5
CREATE TABLE t (a INT) WITH ('connector' = 'kafka');

CREATE TABLE t (a INT) WITH ('connector' = 'kafka');
