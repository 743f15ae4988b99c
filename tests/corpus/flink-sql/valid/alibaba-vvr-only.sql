-- Alibaba-only (VVR) statements: the sidecar returns them in "fallback" for the grammar
-- check, and statements that use what they create fall back too.
CREATE CATALOG holo WITH (
  'type' = 'hologres',
  'endpoint' = 'hgpostcn-cn-xxx-cn-hangzhou-vpc.hologres.aliyuncs.com:80',
  'dbname' = 'shop'
);

CREATE CATALOG mysql_catalog WITH (
  'type' = 'mysql',
  'hostname' = 'rm-xxx.mysql.rds.aliyuncs.com',
  'port' = '3306',
  'default-database' = 'shop'
);

CREATE TABLE IF NOT EXISTS holo.shop.`orders`
AS TABLE mysql_catalog.shop.`orders`
/*+ OPTIONS('server-id'='8001-8004') */;

CREATE DATABASE IF NOT EXISTS holo.shop_copy
AS DATABASE mysql_catalog.shop INCLUDING ALL TABLES
/*+ OPTIONS('server-id'='8005-8008') */;

CREATE TEMPORARY TABLE local_sink (id BIGINT, status STRING) WITH ('connector' = 'print');

INSERT INTO local_sink SELECT id, status FROM holo.shop.`orders`;

CREATE TEMPORARY FUNCTION parse_ua AS 'com.example.udf.ParseUserAgent';

CREATE TEMPORARY TABLE ua_source (ua STRING) WITH ('connector' = 'datagen');

CREATE TEMPORARY TABLE ua_sink (device STRING) WITH ('connector' = 'print');

INSERT INTO ua_sink SELECT parse_ua(ua) FROM ua_source;

INSERT INTO ua_sink SELECT UPPER(ua) FROM ua_source;
