-- The writer's outbox for log destinations other than the built-in store (webhook, direct_db_*).
-- One row per logs-topic message of such a project, inserted before the writer commits the
-- message's offset; delivered afterwards, off the consumer's path. See docs/pipeline.md.

CREATE TABLE log_deliveries (
  id bigserial PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- The bus message the events came from: a replayed message is enqueued once.
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL,
  -- The events as delivered: [{id, timestamp, level, message, metadata, env, source, traceId, ingestedAt}].
  events jsonb NOT NULL,
  event_count integer NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead', 'dropped')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (source_topic, source_partition, source_offset)
);
CREATE INDEX log_deliveries_pending ON log_deliveries (project_id, id) WHERE state = 'pending';
CREATE INDEX log_deliveries_finished ON log_deliveries (finished_at) WHERE state IN ('delivered', 'dropped');
CREATE INDEX log_deliveries_dead ON log_deliveries (project_id, id) WHERE state = 'dead';

-- One lane per project with deliveries: the lease makes one writer replica deliver a project's
-- events at a time (in order), and the backoff after a failure holds the whole lane.
CREATE TABLE log_delivery_lanes (
  project_id bigint PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  leased_until timestamptz,
  leased_by text
);
CREATE INDEX log_delivery_lanes_due ON log_delivery_lanes (next_attempt_at);
