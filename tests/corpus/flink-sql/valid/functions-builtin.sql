-- Built-in functions (docs/dev/table/functions/systemFunctions.md)
CREATE TABLE events (
  id BIGINT,
  name STRING,
  payload STRING,
  amount DECIMAL(10, 2),
  ts TIMESTAMP(3),
  ts_ltz TIMESTAMP_LTZ(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'sls', 'project' = 'p', 'logstore' = 'l', 'endpoint' = 'cn-hangzhou-intranet.log.aliyuncs.com');

SELECT UPPER(name), LOWER(name), TRIM(name), CHAR_LENGTH(name), SUBSTRING(name FROM 2 FOR 3),
  REPLACE(name, 'a', 'b'), CONCAT(name, '-', CAST(id AS STRING)), CONCAT_WS('|', name, payload),
  REGEXP_EXTRACT(name, '([a-z]+)', 1), REGEXP_REPLACE(name, '[0-9]', ''), SPLIT_INDEX(name, ',', 0),
  LPAD(name, 10, '*'), INITCAP(name), MD5(name), SHA256(name), POSITION('a' IN name)
FROM events;

SELECT JSON_VALUE(payload, '$.user.id'), JSON_QUERY(payload, '$.items'), JSON_EXISTS(payload, '$.a'),
  JSON_VALUE(payload, '$.n' RETURNING INT DEFAULT 0 ON EMPTY),
  JSON_OBJECT('id' VALUE id, 'name' VALUE name), JSON_ARRAY(id, name), JSON_STRING(amount)
FROM events;

SELECT DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm'), TO_TIMESTAMP('2024-01-01 00:00:00'), UNIX_TIMESTAMP(),
  FROM_UNIXTIME(1700000000), TIMESTAMPADD(HOUR, 2, ts), TIMESTAMPDIFF(MINUTE, ts, ts + INTERVAL '1' HOUR),
  EXTRACT(YEAR FROM ts), FLOOR(ts TO HOUR), CEIL(ts TO DAY), CURRENT_TIMESTAMP, LOCALTIMESTAMP,
  TO_DATE('2024-01-01'), CURRENT_DATE, DAYOFWEEK(CAST(ts AS DATE)), CONVERT_TZ('2024-01-01 00:00:00', 'UTC', 'Asia/Shanghai')
FROM events;

SELECT ABS(amount), ROUND(amount, 1), TRUNCATE(amount, 0), MOD(id, 7), POWER(2, 10), LOG10(100), RAND(),
  GREATEST(1, 2, 3), LEAST(id, 10), IF(amount > 0, 'pos', 'neg'), NULLIF(name, ''), IFNULL(name, 'x'),
  HASH_CODE(name), UUID(), TO_BASE64(name), FROM_BASE64('YQ==')
FROM events;

SELECT ARRAY[1, 2, 3], MAP['a', 1, 'b', 2], ROW(id, name), ARRAY_CONTAINS(ARRAY[1, 2], 1),
  ARRAY_DISTINCT(ARRAY[1, 1, 2]), MAP_KEYS(MAP['a', 1]), ELEMENT(ARRAY[1])
FROM events;

SELECT id, ts_ltz, SOURCE_WATERMARK() IS NULL FROM events WHERE ts_ltz > TO_TIMESTAMP_LTZ(0, 3);
