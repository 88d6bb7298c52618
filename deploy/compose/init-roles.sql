-- Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
-- Passwords come from the container environment; see compose.yaml.
\set ON_ERROR_STOP on
\getenv owner_password TOLLGATE_OWNER_DB_PASSWORD
\getenv app_password TOLLGATE_APP_DB_PASSWORD

-- Owns the schema and runs the Liquibase migrations.
CREATE ROLE tollgate_owner LOGIN PASSWORD :'owner_password';

-- What the application connects as: owns nothing and cannot bypass row-level security.
-- Liquibase grants it privileges table by table.
CREATE ROLE tollgate_app LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;

-- On PostgreSQL 15+ the public schema of a new database belongs to the database owner.
CREATE DATABASE tollgate OWNER tollgate_owner;
REVOKE ALL ON DATABASE tollgate FROM PUBLIC;
GRANT CONNECT ON DATABASE tollgate TO tollgate_app;
