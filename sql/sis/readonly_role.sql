-- The role nudged reads the SIS mirror with: SELECT on the mirror tables and nothing else, so a bug
-- in nudged (or a stolen nudged password) cannot change a district's records.
--
-- Run with psql after the mirror tables exist, and again after the mirror schema is recreated
-- (grants on dropped tables go with them):
--   psql "$DSN" -v schema=sis -v reader=nudged_sis_reader -f sql/sis/readonly_role.sql
-- Both variables are optional (defaults shown). The role is created NOLOGIN when missing; give it
-- LOGIN and a password, or grant it to nudged's login role, as the site prefers.

\if :{?schema}
\else
  \set schema sis
\endif
\if :{?reader}
\else
  \set reader nudged_sis_reader
\endif

SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader') AS reader_missing \gset
\if :reader_missing
  CREATE ROLE :"reader" NOLOGIN;
\endif

-- Start from nothing so a role that was once granted more is brought back to read-only.
REVOKE ALL ON ALL TABLES IN SCHEMA :"schema" FROM :"reader";
REVOKE ALL ON SCHEMA :"schema" FROM :"reader";
GRANT USAGE ON SCHEMA :"schema" TO :"reader";
GRANT SELECT ON ALL TABLES IN SCHEMA :"schema" TO :"reader";
-- Tables a district adds later (e.g. views over its SIS) become readable without another grant.
ALTER DEFAULT PRIVILEGES IN SCHEMA :"schema" GRANT SELECT ON TABLES TO :"reader";
