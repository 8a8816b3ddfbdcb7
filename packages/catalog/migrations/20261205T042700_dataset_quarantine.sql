-- Records that passed the gateway but that the warehouse refused (a value out of a column's range, a
-- CHECK constraint, anything the validator did not foresee), one row per record, with the engine's
-- reason. Inserted by the writer before it commits the record's offset; listed, replayed and
-- discarded through the control API. See docs/reliability.md ("Quarantine").
CREATE TABLE dataset_quarantine (
  id bigserial PRIMARY KEY,
  dataset_id bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  -- The record's place in the bus: a batch delivered again quarantines the record once.
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL,
  source_index integer NOT NULL,
  reason text NOT NULL,
  -- The row as the writer inserts it, as JSON text: jsonb refuses a string holding \u0000, which
  -- the warehouse stores.
  row_json text NOT NULL,
  received_at timestamptz NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  -- Replays that failed again; the last failure's reason replaces `reason`.
  replay_attempts integer NOT NULL DEFAULT 0,
  -- Set while a replay holds the record: a replay resumed after a crash inserts the same records
  -- under the same token, so the warehouse stores them once.
  replay_token text,
  UNIQUE (dataset_id, source_topic, source_partition, source_offset, source_index)
);
CREATE INDEX dataset_quarantine_listing ON dataset_quarantine (dataset_id, id);
CREATE INDEX dataset_quarantine_expiry ON dataset_quarantine (quarantined_at);
