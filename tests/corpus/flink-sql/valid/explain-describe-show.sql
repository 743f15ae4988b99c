-- EXPLAIN, DESCRIBE, SHOW, USE (docs/dev/table/sql/explain.md, describe.md, show.md, use.md)
CREATE TABLE MyTable1 (`count` BIGINT, word VARCHAR(256)) WITH ('connector' = 'datagen');

CREATE TABLE MyTable2 (`count` BIGINT, word VARCHAR(256)) WITH ('connector' = 'datagen');

CREATE TABLE MySink1 (`count` BIGINT, word VARCHAR(256)) WITH ('connector' = 'blackhole');

EXPLAIN PLAN FOR
SELECT `count`, COUNT(word) FROM (
  SELECT `count`, word FROM MyTable1 WHERE word LIKE 'F%'
  UNION ALL
  SELECT `count`, word FROM MyTable2) tmp
GROUP BY `count`;

EXPLAIN ESTIMATED_COST, CHANGELOG_MODE, PLAN_ADVICE, JSON_EXECUTION_PLAN
SELECT `count`, COUNT(word) FROM (
  SELECT `count`, word FROM MyTable1 WHERE word LIKE 'F%'
  UNION ALL
  SELECT `count`, word FROM MyTable2) tmp
GROUP BY `count`;

EXPLAIN INSERT INTO MySink1 SELECT `count`, word FROM MyTable1;

EXPLAIN STATEMENT SET BEGIN
INSERT INTO MySink1 SELECT `count`, word FROM MyTable1;
INSERT INTO MySink1 SELECT `count`, word FROM MyTable2;
END;

DESCRIBE MyTable1;

DESC MyTable2;

SHOW TABLES;

SHOW CREATE TABLE MyTable1;

SHOW COLUMNS FROM MyTable1 LIKE '%ou%';

SHOW CATALOGS;

SHOW CURRENT CATALOG;

SHOW DATABASES;

SHOW CURRENT DATABASE;

SHOW MODULES;

CREATE DATABASE IF NOT EXISTS db1 COMMENT 'a database';

USE db1;

CREATE TABLE t1 (a INT) WITH ('connector' = 'datagen');

USE default_catalog.default_database;

SELECT a FROM db1.t1;

SELECT * FROM default_catalog.db1.t1;

CREATE CATALOG mem WITH ('type' = 'generic_in_memory');

USE CATALOG mem;

CREATE DATABASE mydb;

CREATE TABLE mydb.t2 (a INT) WITH ('connector' = 'kafka');

SELECT * FROM mem.mydb.t2 JOIN default_catalog.db1.t1 ON t1.a = t2.a;

USE CATALOG default_catalog;

ALTER DATABASE db1 SET ('k' = 'v');
