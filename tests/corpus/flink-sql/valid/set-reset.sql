-- SET / RESET, quoted and unquoted keys (docs/dev/table/sql/set.md; unquoted keys as the
-- SQL client and Alibaba's editor accept them)
SET 'table.local-time-zone' = 'Europe/Berlin';

SET 'execution.runtime-mode' = 'streaming';

SET table.exec.state.ttl = '1 h';

SET table.exec.mini-batch.enabled = true;

SET table.exec.mini-batch.allow-latency = 5s;

SET 'table.exec.mini-batch.size' = '5000';

SET 'pipeline.name' = 'my job';

RESET 'table.local-time-zone';

RESET table.exec.state.ttl;

CREATE TABLE t (a INT, b STRING) WITH ('connector' = 'datagen');

CREATE TABLE s (b STRING, n BIGINT) WITH ('connector' = 'print');

INSERT INTO s SELECT b, COUNT(*) FROM t GROUP BY b;
