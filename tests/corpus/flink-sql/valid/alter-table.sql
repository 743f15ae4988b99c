-- ALTER TABLE (docs/dev/table/sql/alter.md)
CREATE TABLE MyTable (
  `user_id` BIGINT,
  `product` STRING,
  `amount` INT,
  `ts` TIMESTAMP(3)
) WITH ('connector' = 'kafka', 'format' = 'json');

ALTER TABLE MyTable ADD `category` STRING COMMENT 'new column';

ALTER TABLE MyTable ADD (
  `log_ts` STRING COMMENT 'log timestamp string' FIRST,
  `ts_from_log` AS TO_TIMESTAMP(log_ts) AFTER log_ts
);

ALTER TABLE MyTable ADD PRIMARY KEY (`user_id`) NOT ENFORCED;

ALTER TABLE MyTable ADD WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE;

ALTER TABLE MyTable MODIFY `amount` BIGINT;

ALTER TABLE MyTable MODIFY (
  `product` STRING NOT NULL COMMENT 'the product',
  `amount` DOUBLE
);

ALTER TABLE MyTable MODIFY WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE;

ALTER TABLE MyTable RENAME `category` TO `product_category`;

ALTER TABLE MyTable DROP `ts_from_log`;

ALTER TABLE MyTable DROP (`log_ts`);

ALTER TABLE MyTable SET ('scan.startup.mode' = 'earliest-offset');

ALTER TABLE MyTable RESET ('scan.startup.mode');

ALTER TABLE MyTable DROP WATERMARK;

ALTER TABLE MyTable DROP PRIMARY KEY;

ALTER TABLE IF EXISTS MyTable RENAME TO MyTable2;

SELECT user_id, product, amount, product_category FROM MyTable2;

DROP TABLE MyTable2;

DROP TABLE IF EXISTS MyTable2;
