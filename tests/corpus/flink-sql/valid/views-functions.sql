-- Views and functions (docs/dev/table/sql/create.md, drop.md, alter.md)
CREATE TABLE clicks (
  user_name STRING,
  url STRING,
  cTime TIMESTAMP(3),
  WATERMARK FOR cTime AS cTime - INTERVAL '2' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');

CREATE VIEW user_clicks AS SELECT user_name, COUNT(url) AS cnt FROM clicks GROUP BY user_name;

CREATE TEMPORARY VIEW IF NOT EXISTS recent (user_name, url) COMMENT 'projection' AS
SELECT user_name, url FROM clicks WHERE url LIKE '%/cart%';

ALTER VIEW user_clicks AS SELECT user_name, COUNT(*) AS cnt FROM clicks GROUP BY user_name;

ALTER VIEW user_clicks RENAME TO user_click_counts;

SELECT * FROM user_click_counts WHERE cnt > 3;

SELECT * FROM recent;

CREATE TEMPORARY SYSTEM FUNCTION my_upper AS 'org.apache.flink.table.functions.BuiltInFunctionDefinitions';

CREATE FUNCTION IF NOT EXISTS my_udf AS 'com.example.udf.MyScalarFunction' LANGUAGE JAVA;

SELECT my_udf(url) FROM clicks;

DROP TEMPORARY VIEW recent;

DROP VIEW IF EXISTS user_click_counts;

SHOW VIEWS;

SHOW FUNCTIONS;

SHOW USER FUNCTIONS;
