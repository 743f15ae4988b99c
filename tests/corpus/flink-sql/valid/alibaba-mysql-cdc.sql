-- Alibaba Cloud Realtime Compute examples: MySQL CDC into an upsert sink, SLS to ODPS,
-- datagen to print (connectors of the service: mysql, sls, odps, print).
CREATE TEMPORARY TABLE mysql_orders (
  id BIGINT,
  user_id BIGINT,
  status STRING,
  amount DECIMAL(10, 2),
  updated_at TIMESTAMP(3),
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'mysql',
  'hostname' = 'rm-xxx.mysql.rds.aliyuncs.com',
  'port' = '3306',
  'username' = 'flink',
  'password' = 'secret',
  'database-name' = 'shop',
  'table-name' = 'orders'
);

CREATE TEMPORARY TABLE mysql_cdc_users (
  id BIGINT,
  name STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = 'rm-xxx.mysql.rds.aliyuncs.com',
  'database-name' = 'shop',
  'table-name' = 'users'
);

CREATE TEMPORARY TABLE status_totals (
  status STRING,
  total DECIMAL(38, 2),
  users BIGINT,
  PRIMARY KEY (status) NOT ENFORCED
) WITH (
  'connector' = 'hologres',
  'dbname' = 'shop',
  'tablename' = 'status_totals'
);

INSERT INTO status_totals
SELECT o.status, SUM(o.amount), COUNT(DISTINCT u.id)
FROM mysql_orders o JOIN mysql_cdc_users u ON o.user_id = u.id
GROUP BY o.status;

CREATE TEMPORARY TABLE sls_logs (
  `__topic__` STRING METADATA VIRTUAL,
  `__source__` STRING METADATA VIRTUAL,
  `__timestamp__` BIGINT METADATA VIRTUAL,
  request_uri STRING,
  status INT,
  latency_ms BIGINT
) WITH (
  'connector' = 'sls',
  'endpoint' = 'cn-hangzhou-intranet.log.aliyuncs.com',
  'project' = 'web',
  'logstore' = 'access'
);

CREATE TEMPORARY TABLE odps_access (
  request_uri STRING,
  status INT,
  latency_ms BIGINT,
  ds STRING
) WITH (
  'connector' = 'odps',
  'endpoint' = 'http://service.cn-hangzhou.maxcompute.aliyun-inc.com/api',
  'project' = 'analytics',
  'tableName' = 'access_log',
  'partition' = 'ds=20240101'
);

INSERT INTO odps_access
SELECT request_uri, status, latency_ms, FROM_UNIXTIME(`__timestamp__`, 'yyyyMMdd')
FROM sls_logs WHERE status >= 500;

CREATE TEMPORARY TABLE datagen_source (
  name VARCHAR,
  score BIGINT
) WITH ('connector' = 'datagen');

CREATE TEMPORARY TABLE print_sink (
  name VARCHAR,
  score BIGINT
) WITH ('connector' = 'print', 'logger' = 'true');

INSERT INTO print_sink SELECT name, score FROM datagen_source;
