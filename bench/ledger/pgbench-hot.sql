-- One reserve+commit pair as two transactions (hot: windows 0, :t, 1000+:a), the minimal equivalent of the app's:
-- one limit-checked UPDATE per window in a fixed order (org, team, agent — the app's lock order, so no deadlocks),
-- the reservation INSERT; then the commit's window UPDATEs (same order) and the reservation UPDATE.
\set a random(1, 1000)
\set t 1 + (:a - 1) / 20
BEGIN;
UPDATE ref_windows SET reserved_nanos = reserved_nanos + 1000000 WHERE id = 0 AND reserved_nanos + committed_nanos + 1000000 <= limit_nanos;
UPDATE ref_windows SET reserved_nanos = reserved_nanos + 1000000 WHERE id = :t AND reserved_nanos + committed_nanos + 1000000 <= limit_nanos;
UPDATE ref_windows SET reserved_nanos = reserved_nanos + 1000000 WHERE id = 1000+:a AND reserved_nanos + committed_nanos + 1000000 <= limit_nanos;
INSERT INTO ref_reservations (agent, held_nanos, state) VALUES (:a, 1000000, 'ACTIVE') RETURNING id AS rid \gset
COMMIT;
BEGIN;
UPDATE ref_windows SET reserved_nanos = reserved_nanos - 1000000, committed_nanos = committed_nanos + 900000 WHERE id = 0;
UPDATE ref_windows SET reserved_nanos = reserved_nanos - 1000000, committed_nanos = committed_nanos + 900000 WHERE id = :t;
UPDATE ref_windows SET reserved_nanos = reserved_nanos - 1000000, committed_nanos = committed_nanos + 900000 WHERE id = 1000+:a;
UPDATE ref_reservations SET state = 'COMMITTED', actual_nanos = 900000 WHERE id = :rid;
COMMIT;
