-- CREATE TABLE ... LIKE (docs/dev/table/sql/create.md)
CREATE TABLE Orders (
    `user` BIGINT,
    product STRING,
    order_time TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'scan.startup.mode' = 'earliest-offset'
);

CREATE TABLE Orders_with_watermark (
    WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
    'scan.startup.mode' = 'latest-offset'
)
LIKE Orders;

CREATE TABLE Orders_in_file (
    `user` BIGINT,
    product STRING,
    order_time_string STRING,
    order_time AS to_timestamp(order_time_string)
)
PARTITIONED BY (`user`)
WITH (
    'connector' = 'filesystem',
    'path' = '/tmp/orders',
    'format' = 'json'
);

CREATE TABLE Orders_in_kafka
WITH (
    'connector' = 'kafka',
    'topic' = 'orders'
)
LIKE Orders_in_file (
    EXCLUDING ALL
    INCLUDING GENERATED
);

CREATE TABLE Orders_copy (
    extra STRING
) LIKE Orders (INCLUDING OPTIONS EXCLUDING WATERMARKS);

CREATE TABLE Orders_overwrite WITH ('scan.startup.mode' = 'group-offsets')
LIKE Orders_with_watermark (OVERWRITING OPTIONS);

SELECT `user`, order_time FROM Orders_in_kafka;

SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE Orders_with_watermark, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
