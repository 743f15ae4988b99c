-- Clicks per page and minute, from a generated click stream.
CREATE TEMPORARY TABLE clicks (
  page_id INT,
  user_id BIGINT,
  click_time AS PROCTIME()
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '${rowsPerSecond}',
  'fields.page_id.min' = '1',
  'fields.page_id.max' = '20'
);

CREATE TEMPORARY TABLE clicks_per_minute (
  page_id INT,
  window_start TIMESTAMP(3),
  clicks BIGINT
) WITH (
  'connector' = 'print'
);

INSERT INTO clicks_per_minute
SELECT page_id, window_start, COUNT(*) AS clicks
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(click_time), INTERVAL '1' MINUTE))
GROUP BY page_id, window_start, window_end;
