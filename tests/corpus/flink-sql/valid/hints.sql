-- Hints (docs/dev/table/sql/queries/hints.md)
CREATE TABLE kafka_table1 (id BIGINT, name STRING, age INT, ts TIMESTAMP(3)) WITH ('connector' = 'kafka');

CREATE TABLE kafka_table2 (id BIGINT, name STRING, age INT) WITH ('connector' = 'kafka');

SELECT id, name FROM kafka_table1 /*+ OPTIONS('scan.startup.mode'='earliest-offset') */;

SELECT * FROM
    kafka_table1 /*+ OPTIONS('scan.startup.mode'='earliest-offset') */ t1
    JOIN
    kafka_table2 /*+ OPTIONS('scan.startup.mode'='earliest-offset') */ t2
    ON t1.id = t2.id;

INSERT INTO kafka_table1 /*+ OPTIONS('sink.partitioner'='round-robin') */ SELECT * FROM kafka_table1;

SELECT /*+ BROADCAST(t1) */ * FROM kafka_table1 t1 JOIN kafka_table2 t2 ON t1.id = t2.id;

SELECT /*+ SHUFFLE_HASH(t1) */ * FROM kafka_table1 t1 JOIN kafka_table2 t2 ON t1.id = t2.id;

SELECT /*+ STATE_TTL('t1' = '1d', 't2' = '12h') */ * FROM kafka_table1 t1 JOIN kafka_table2 t2 ON t1.id = t2.id;

SELECT /*+ STATE_TTL('kafka_table1' = '1h') */ name, COUNT(*) FROM kafka_table1 GROUP BY name;
