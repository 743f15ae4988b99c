-- mode: BATCH
-- INSERT forms (docs/dev/table/sql/insert.md)
CREATE TABLE country_page_view (
  user_id BIGINT,
  cnt INT,
  `date` STRING,
  country STRING
) PARTITIONED BY (`date`, country)
WITH ('connector' = 'filesystem', 'path' = '/tmp/cpv', 'format' = 'parquet');

CREATE TABLE page_view_source (
  user_id BIGINT,
  cnt INT,
  `date` STRING,
  country STRING
) WITH ('connector' = 'filesystem', 'path' = '/tmp/pv', 'format' = 'csv');

INSERT INTO country_page_view
SELECT user_id, cnt, `date`, country FROM page_view_source;

INSERT INTO country_page_view PARTITION (`date`='2019-8-30', country='China')
  SELECT user_id, cnt FROM page_view_source;

INSERT INTO country_page_view PARTITION (`date`='2019-8-30')
  SELECT user_id, cnt, country FROM page_view_source;

INSERT OVERWRITE country_page_view PARTITION (`date`='2019-8-30')
  SELECT user_id, cnt, country FROM page_view_source;

INSERT INTO country_page_view PARTITION (`date`='2019-8-30', country='China') (user_id)
  SELECT user_id FROM page_view_source;

INSERT INTO country_page_view VALUES
  (1, 2, '2019-8-30', 'China'),
  (3, 4, '2019-8-31', 'Japan');

EXECUTE INSERT INTO country_page_view SELECT user_id, cnt, `date`, country FROM page_view_source;
