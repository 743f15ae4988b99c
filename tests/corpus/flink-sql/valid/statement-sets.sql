-- Statement sets, both spellings (docs/dev/table/sql/insert.md; BEGIN STATEMENT SET as in
-- Alibaba's editor and the SQL client)
CREATE TABLE pageviews (
  user_id BIGINT,
  page_id BIGINT,
  viewtime TIMESTAMP(3),
  user_region STRING,
  WATERMARK FOR viewtime AS viewtime - INTERVAL '2' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'pageviews', 'format' = 'json');

CREATE TABLE pageview (
  page_id BIGINT,
  cnt BIGINT
) WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://localhost:3306/mydatabase', 'table-name' = 'pageview');

CREATE TABLE uniqueview (
  page_id BIGINT,
  cnt BIGINT
) WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://localhost:3306/mydatabase', 'table-name' = 'uniqueview');

EXECUTE STATEMENT SET
BEGIN

INSERT INTO pageview
SELECT page_id, COUNT(1)
FROM pageviews
GROUP BY page_id;

INSERT INTO uniqueview
SELECT page_id, COUNT(DISTINCT user_id)
FROM pageviews
GROUP BY page_id;

END;

BEGIN STATEMENT SET;

INSERT INTO pageview SELECT page_id, 1 FROM pageviews;

INSERT INTO uniqueview (page_id, cnt) SELECT page_id, user_id FROM pageviews;

END;
