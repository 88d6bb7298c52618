-- pgbench's physical reference for bench/ledger.sh: the minimal SQL of a reserve+commit pair on the same server.
-- Windows: 0 = the org, 1..50 = teams, 1001..2000 = agents. Limits far above what a run spends, checked as the
-- app's windows are (CHECK + the limit test in the UPDATE).
DROP TABLE IF EXISTS ref_reservations, ref_windows;
CREATE TABLE ref_windows (
  id int PRIMARY KEY,
  limit_nanos bigint NOT NULL,
  reserved_nanos bigint NOT NULL DEFAULT 0,
  committed_nanos bigint NOT NULL DEFAULT 0,
  CHECK (reserved_nanos >= 0 AND committed_nanos >= 0 AND reserved_nanos + committed_nanos <= limit_nanos));
CREATE TABLE ref_reservations (
  id uuid PRIMARY KEY DEFAULT uuidv7(),
  agent int NOT NULL,
  held_nanos bigint NOT NULL,
  actual_nanos bigint,
  state text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO ref_windows (id, limit_nanos)
  SELECT 0, 10000000 * 1000000000::bigint
  UNION ALL SELECT g, 1000000 * 1000000000::bigint FROM generate_series(1, 50) g
  UNION ALL SELECT 1000 + g, 100000 * 1000000000::bigint FROM generate_series(1, 1000) g;
