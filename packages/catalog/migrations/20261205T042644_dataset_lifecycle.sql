-- Dataset lifecycle (docs/api.md "Dataset lifecycle"): additive schema versions, retention, deletion,
-- and the audit of deleted records.
ALTER TABLE datasets
  ADD COLUMN schema_version integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
  -- Optional fields later versions added, in order (json keeps it): name → {type, default}.
  ADD COLUMN added_fields json NOT NULL DEFAULT '{}',
  -- null: rows are kept until deleted (datasets made before retention existed, unlimited plans).
  ADD COLUMN retention_days integer CHECK (retention_days > 0),
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN deleted_by bigint REFERENCES users (id) ON DELETE SET NULL;

-- A deleted dataset keeps its row, so its id is never handed out again and its audit entries keep
-- naming it, but it frees its slug for a new dataset.
ALTER TABLE datasets DROP CONSTRAINT datasets_project_id_slug_key;
CREATE UNIQUE INDEX datasets_project_id_slug ON datasets (project_id, slug) WHERE deleted_at IS NULL;

-- Every published version after the first: who published it, when, what it added.
CREATE TABLE dataset_schema_versions (
  dataset_id bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 2),
  added_fields json NOT NULL,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset_id, version)
);

-- Records deleted by filter (privacy requests): who, when, what filter, how many.
CREATE TABLE dataset_record_deletions (
  id bigserial PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  -- Kept as text so the entry still says who after the account is gone.
  user_email text NOT NULL,
  range_from timestamptz NOT NULL,
  range_to timestamptz NOT NULL,
  filter json,
  deleted_count bigint NOT NULL CHECK (deleted_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dataset_record_deletions_dataset ON dataset_record_deletions (dataset_id, id);
