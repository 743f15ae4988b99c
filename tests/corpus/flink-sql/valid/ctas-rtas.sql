-- CREATE TABLE AS SELECT and [CREATE OR] REPLACE TABLE AS SELECT (docs/dev/table/sql/create.md)
CREATE TABLE source_table (
  id BIGINT,
  name STRING,
  score DOUBLE
) WITH ('connector' = 'kafka', 'format' = 'json');

CREATE TABLE my_ctas_table
WITH (
    'connector' = 'kafka',
    'topic' = 'ctas'
)
AS SELECT id, name, score FROM source_table WHERE 1 = 1;

SELECT id, score FROM my_ctas_table;

REPLACE TABLE my_ctas_table
WITH (
    'connector' = 'kafka',
    'topic' = 'rtas'
)
AS SELECT id, name FROM source_table;

CREATE OR REPLACE TABLE my_rtas_table
WITH (
    'connector' = 'kafka'
)
AS SELECT id, score * 2 AS doubled FROM source_table;

SELECT id, name FROM my_ctas_table;
