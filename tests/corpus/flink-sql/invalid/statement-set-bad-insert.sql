-- A bad INSERT inside a statement set.
-- expect-line: 21
CREATE TABLE Orders (
  order_id BIGINT,
  customer_id INT,
  price DECIMAL(10, 2),
  currency STRING,
  order_time TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');
CREATE TABLE Sink (
  order_id BIGINT,
  total DECIMAL(10, 2)
) WITH ('connector' = 'jdbc');

BEGIN STATEMENT SET;

INSERT INTO Sink SELECT order_id, price FROM Orders;

INSERT INTO Sink SELECT order_id, tax FROM Orders;

END;
