-- Least privilege for personal access tokens, and invitations for the `invite` sign-up mode.

-- NULL: a token created before scopes existed, which keeps full access (read, write and admin).
ALTER TABLE personal_access_tokens ADD COLUMN scopes text[];
-- NULL: never expires. Login tokens always carry one (LOGIN_TOKEN_TTL_MINUTES).
ALTER TABLE personal_access_tokens ADD COLUMN expires_at timestamptz;

CREATE TABLE invitations (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  -- SHA-256 of the invitation code; the code itself is shown once to the operator who made it.
  code_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz
);
CREATE INDEX invitations_email ON invitations (lower(email));
