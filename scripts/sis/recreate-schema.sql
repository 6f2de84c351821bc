-- psql fragment shared by the mirror loaders (scripts/load-edfi-sample, scripts/gen-district):
-- drops the mirror schema :schema, recreates it from :mirror_sql (sql/sis/001_mirror.sql) and
-- leaves search_path on it, so the loader's unqualified names land in that schema.

DROP SCHEMA IF EXISTS :"schema" CASCADE;
CREATE SCHEMA :"schema";
SET search_path TO :"schema";
\i :mirror_sql
