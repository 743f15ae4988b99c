-- Alibaba Cloud Realtime Compute examples: Kafka to Hologres with a lookup on Hologres,
-- connectors of the service (kafka, hologres) that open-source Flink does not ship.
CREATE TEMPORARY TABLE kafka_orders (
  order_id BIGINT,
  user_id BIGINT,
  item_id BIGINT,
  price DECIMAL(10, 2),
  order_ts TIMESTAMP(3),
  proctime AS PROCTIME(),
  WATERMARK FOR order_ts AS order_ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = 'alikafka-pre-cn-xxx-1-vpc.alikafka.aliyuncs.com:9092',
  'properties.group.id' = 'flink-orders',
  'scan.startup.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TEMPORARY TABLE holo_users (
  user_id BIGINT,
  user_name STRING,
  city STRING,
  PRIMARY KEY (user_id) NOT ENFORCED
) WITH (
  'connector' = 'hologres',
  'dbname' = 'shop',
  'tablename' = 'users',
  'username' = '${secret_values.ak_id}',
  'password' = '${secret_values.ak_secret}',
  'endpoint' = 'hgpostcn-cn-xxx-cn-hangzhou-vpc.hologres.aliyuncs.com:80'
);

CREATE TEMPORARY TABLE holo_city_gmv (
  window_start TIMESTAMP(3),
  city STRING,
  gmv DECIMAL(38, 2),
  orders BIGINT,
  PRIMARY KEY (window_start, city) NOT ENFORCED
) WITH (
  'connector' = 'hologres',
  'dbname' = 'shop',
  'tablename' = 'city_gmv',
  'mutatetype' = 'insertorupdate'
);

CREATE TEMPORARY VIEW enriched AS
SELECT o.order_ts, o.price, u.city
FROM kafka_orders AS o
JOIN holo_users FOR SYSTEM_TIME AS OF o.proctime AS u ON o.user_id = u.user_id;

INSERT INTO holo_city_gmv
SELECT window_start, city, SUM(price), COUNT(*)
FROM TABLE(TUMBLE(TABLE enriched, DESCRIPTOR(order_ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, city;
