-- Logs are counted per project (contract §3: "10,000 logs per month per project"), datasets per
-- owner (§2). The logs quota override moves from users to projects, and logs usage gets its own
-- durable monthly table, filled by the usage flush from `usage_delta:logs:<projectId>:<YYYY-MM>`.

-- NULL follows the plan; -1 means unlimited.
ALTER TABLE projects ADD COLUMN logs_monthly_quota bigint CHECK (logs_monthly_quota >= -1);

-- An owner's logs override (only ever set by bootstrap and `quarry quota set`) carries over to the
-- projects they own, so an installation keeps what it had.
UPDATE projects SET logs_monthly_quota = users.logs_monthly_quota
FROM users
WHERE users.id = projects.owner_user_id AND users.logs_monthly_quota IS NOT NULL;

ALTER TABLE users DROP COLUMN logs_monthly_quota;

-- A bucket column keeps the shape of monthly_usage, should another bucket become per project.
CREATE TABLE project_monthly_usage (
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  bucket text NOT NULL CHECK (bucket IN ('logs')),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, bucket, period)
);
