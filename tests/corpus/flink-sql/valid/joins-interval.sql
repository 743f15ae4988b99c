-- Interval joins (docs/dev/table/sql/queries/joins.md)
CREATE TABLE Orders (
  id INT,
  amount DOUBLE,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');

CREATE TABLE Shipments (
  id INT,
  order_id INT,
  ship_time TIMESTAMP(3),
  WATERMARK FOR ship_time AS ship_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'format' = 'json');

SELECT *
FROM Orders o, Shipments s
WHERE o.id = s.order_id
AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;

SELECT o.id, s.ship_time
FROM Orders o JOIN Shipments s
ON o.id = s.order_id AND o.order_time = s.ship_time;

SELECT o.id, s.ship_time
FROM Orders o JOIN Shipments s
ON o.id = s.order_id
AND o.order_time >= s.ship_time AND o.order_time < s.ship_time + INTERVAL '10' MINUTE;

SELECT o.id, s.ship_time
FROM Orders o LEFT JOIN Shipments s
ON o.id = s.order_id
AND o.order_time BETWEEN s.ship_time - INTERVAL '10' SECOND AND s.ship_time + INTERVAL '5' SECOND;
