-- Control plane: accounts, tokens, projects, datasets, keys and usage.
-- Runs on PostgreSQL and on PGlite alike, so it needs no extensions: emails and usernames are
-- unique case-insensitively through unique indexes on lower(...).

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  username text,
  name text,
  password_hash text NOT NULL,
  -- NULL follows the plan; -1 means unlimited.
  datasets_monthly_quota bigint CHECK (datasets_monthly_quota >= -1),
  logs_monthly_quota bigint CHECK (logs_monthly_quota >= -1),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE personal_access_tokens (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- The public part of the token, used to find the row before comparing the secret's hash.
  lookup_id text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX personal_access_tokens_user_id ON personal_access_tokens (user_id);

CREATE TABLE projects (
  id bigserial PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  owner_user_id bigint NOT NULL REFERENCES users (id),
  plan text NOT NULL DEFAULT 'free',
  destination jsonb NOT NULL DEFAULT '{"type":"logger"}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_owner_user_id ON projects (owner_user_id);

CREATE TABLE project_members (
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user_id ON project_members (user_id);

CREATE TABLE datasets (
  -- One sequence for the whole installation: ingest URLs carry only this id.
  id bigserial PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL,
  slug text NOT NULL,
  description text,
  is_default boolean NOT NULL DEFAULT false,
  -- json, not jsonb: the declared field order is part of the schema (it orders validation messages).
  schema json,
  status text NOT NULL DEFAULT 'pending_schema' CHECK (status IN ('pending_schema', 'active')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, slug),
  -- A dataset is active exactly when its (immutable) schema is registered.
  CHECK ((status = 'active') = (schema IS NOT NULL))
);
CREATE UNIQUE INDEX datasets_one_default_per_project ON datasets (project_id) WHERE is_default;

CREATE TABLE ingest_keys (
  id bigserial PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- Carried in the signed token's claims; revocation and disabling are looked up by it.
  key_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  revoked_at timestamptz,
  -- Gateways poll for keys changed since their last read, so this moves on every status change.
  status_changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingest_keys_project_id ON ingest_keys (project_id);
CREATE INDEX ingest_keys_status_changed_at ON ingest_keys (status_changed_at);

CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  algorithm text NOT NULL,
  public_key text NOT NULL,
  -- Sealed (AES-256-GCM) with a key only the control API holds: see control-plane/secret-box.ts.
  private_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

-- Durable copy of the Redis usage counters, added to by the usage flush.
CREATE TABLE monthly_usage (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  bucket text NOT NULL CHECK (bucket IN ('datasets', 'logs')),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, bucket, period)
);
