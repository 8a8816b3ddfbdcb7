-- Copies of one dataset's rows into another (docs/api.md "Copying a dataset"): the path for a change
-- a schema version cannot make. One row per copy, with its progress in months.
CREATE TABLE dataset_copies (
  id bigserial PRIMARY KEY,
  target_id bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  source_id bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  -- target field → the source field it is copied from, in the target's order.
  fields json NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  months_total integer NOT NULL CHECK (months_total >= 0),
  months_done integer NOT NULL DEFAULT 0 CHECK (months_done >= 0),
  rows_copied bigint NOT NULL DEFAULT 0,
  error text,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dataset_copies_target ON dataset_copies (target_id, id);
