-- Destination secrets sealed at rest (docs/pipeline.md): the full URL (database password, webhook
-- token) and the webhook signing secret, AES-256-GCM with DESTINATION_ENCRYPTION_KEY, which only the
-- control API (seals) and the writer (opens) hold. `destination` keeps the type and a redacted URL.
ALTER TABLE projects ADD COLUMN destination_sealed text;
