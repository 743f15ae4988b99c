-- CREATE TABLE: physical, computed and metadata columns, watermarks, keys, partitions
-- (docs/dev/table/sql/create.md)
CREATE TABLE MyTable (
  `user_id` BIGINT,
  `name` STRING,
  `record_time` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'
) WITH (
  'connector' = 'kafka'
);

CREATE TABLE MyTable2 (
  `user_id` BIGINT,
  `name` STRING,
  `timestamp` TIMESTAMP_LTZ(3) METADATA
) WITH (
  'connector' = 'kafka'
);

CREATE TABLE MyTable3 (
  `timestamp` BIGINT METADATA,
  `offset` BIGINT METADATA VIRTUAL,
  `user_id` BIGINT,
  `name` STRING
) WITH (
  'connector' = 'kafka'
);

CREATE TABLE MyTable4 (
  `user_id` BIGINT,
  `price` DOUBLE,
  `quantity` DOUBLE,
  `cost` AS price * quantity
) WITH (
  'connector' = 'kafka'
);

CREATE TABLE MyTable5 (
  `user` BIGINT,
  `product` STRING,
  `order_time` TIMESTAMP(3),
  WATERMARK FOR `order_time` AS `order_time` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka'
);

CREATE TABLE Orders_pk_wm (
  `user` BIGINT,
  product STRING,
  order_time TIMESTAMP(3),
  PRIMARY KEY (`user`) NOT ENFORCED,
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'scan.startup.mode' = 'earliest-offset'
);

CREATE TABLE Orders_in_file (
  `user` BIGINT,
  product STRING,
  order_time_string STRING,
  order_time AS to_timestamp(order_time_string)
) PARTITIONED BY (`user`) WITH (
  'connector' = 'filesystem',
  'path' = '/tmp/orders',
  'format' = 'csv'
);

CREATE TEMPORARY TABLE IF NOT EXISTS datagen_source (
  f_sequence INT,
  f_random INT,
  f_random_str STRING,
  ts AS localtimestamp,
  WATERMARK FOR ts AS ts
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '5',
  'fields.f_sequence.kind' = 'sequence',
  'fields.f_sequence.start' = '1',
  'fields.f_sequence.end' = '1000',
  'fields.f_random.min' = '1',
  'fields.f_random.max' = '1000',
  'fields.f_random_str.length' = '10'
);

CREATE TABLE all_types (
  c_boolean BOOLEAN, c_tinyint TINYINT, c_smallint SMALLINT, c_int INT, c_bigint BIGINT,
  c_float FLOAT, c_double DOUBLE, c_decimal DECIMAL(38, 18), c_char CHAR(3), c_varchar VARCHAR(20),
  c_string STRING, c_bytes BYTES, c_binary BINARY(4), c_date DATE, c_time TIME(3),
  c_timestamp TIMESTAMP(6), c_ltz TIMESTAMP WITH LOCAL TIME ZONE, c_array ARRAY<INT>,
  c_map MAP<STRING, BIGINT>, c_multiset MULTISET<STRING>, c_row ROW<a INT, b STRING>,
  c_not_null INT NOT NULL COMMENT 'never null'
) COMMENT 'every type' WITH ('connector' = 'blackhole');

CREATE TABLE proc (
  id BIGINT,
  pt AS PROCTIME()
) WITH ('connector' = 'datagen');

CREATE TABLE kafka_full (
  `event_time` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  `partition` BIGINT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL,
  `headers` MAP<STRING, BYTES> METADATA,
  `user_id` BIGINT,
  `item_id` BIGINT,
  `behavior` STRING,
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'user_behavior',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'testGroup',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'csv'
);

SELECT event_time, `partition`, `offset`, user_id FROM kafka_full;

INSERT INTO kafka_full (event_time, headers, user_id, item_id, behavior)
SELECT event_time, headers, user_id, item_id, UPPER(behavior) FROM kafka_full;
