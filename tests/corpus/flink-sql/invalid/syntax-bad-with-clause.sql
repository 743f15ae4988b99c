-- WITH option without a value: the parser notices at the closing parenthesis.
-- expect-line: 8
CREATE TABLE t (
  a INT
) WITH (
  'connector' = 'kafka',
  'format'
);
