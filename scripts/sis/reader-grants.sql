-- psql fragment shared by the mirror loaders, run after a reload: dropping the schema dropped the
-- read-only role's grants, so when the role :reader exists, :role_sql
-- (sql/sis/readonly_role.sql) gives them back and a running nudged keeps reading.

SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader') AS reader_exists \gset
\if :reader_exists
\i :role_sql
\endif
