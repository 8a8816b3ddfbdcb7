import { createHash, randomBytes } from 'node:crypto';
import { ApiError } from '@quarry/contract';
import { type Profile, toProfile, type UserRow } from './accounts.ts';
import type { Db } from './deps.ts';
import { MESSAGES } from './messages.ts';

/** How long a browser session lives: an absolute bound and an idle bound, both in seconds. */
export interface SessionPolicy {
  maxAgeSeconds: number;
  idleTimeoutSeconds: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  maxAgeSeconds: 7 * 24 * 3600,
  idleTimeoutSeconds: 2 * 3600,
};

export const SESSION_TOKEN_PREFIX = 'qs_';

// The token is 256 random bits, so one SHA-256 is enough to make a leaked table useless, and lets the
// lookup be an indexed equality on the hash (no per-row secret compare to time).
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// Idle time is tracked to this precision: authentication writes last_seen_at at most once a minute
// (sooner for a short idle timeout, so an active session never idles out between two writes).
const touchAfterSeconds = (policy: SessionPolicy) => Math.min(60, policy.idleTimeoutSeconds / 4);

export async function createSession(
  db: Db,
  userId: number,
  policy: SessionPolicy,
): Promise<{ token: string; expiresAt: Date }> {
  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db.query<{ expires_at: Date }>(
    `INSERT INTO browser_sessions (user_id, token_hash, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
    [userId, hashToken(token), policy.maxAgeSeconds],
  );
  if (!row) throw new Error('session insert returned nothing');
  return { token, expiresAt: row.expires_at };
}

interface SessionRow {
  id: string;
  user_id: string;
  idle: boolean;
  stale: boolean;
}

/** Resolves a session cookie to its user; an expired, idle, revoked or unknown session is a 401. */
export async function authenticateSession(
  db: Db,
  token: string | undefined,
  policy: SessionPolicy,
): Promise<{ userId: number; sessionId: number }> {
  if (!token?.startsWith(SESSION_TOKEN_PREFIX)) throw new ApiError(401, MESSAGES.invalidSession);
  const [row] = await db.query<SessionRow>(
    `SELECT id, user_id,
       last_seen_at < now() - make_interval(secs => $2) AS idle,
       last_seen_at < now() - make_interval(secs => $3) AS stale
     FROM browser_sessions
     WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
    [hashToken(token), policy.idleTimeoutSeconds, touchAfterSeconds(policy)],
  );
  if (!row || row.idle) throw new ApiError(401, MESSAGES.invalidSession);
  if (row.stale) await db.query('UPDATE browser_sessions SET last_seen_at = now() WHERE id = $1', [row.id]);
  return { userId: Number(row.user_id), sessionId: Number(row.id) };
}

/** Sign-out: the session can never be used again, whatever its expiry. */
export async function revokeSession(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.query(
    'UPDATE browser_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
}

/** The signed-in user of a session, for `GET /api/auth/session`. */
export async function profileOf(db: Db, userId: number): Promise<Profile> {
  const [row] = await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId]);
  if (!row) throw new ApiError(401, MESSAGES.invalidSession);
  return toProfile(row);
}

/**
 * Deletes sessions that can never be used again (expired, idle past the timeout, or signed out), so
 * the table holds live sessions only. Run on a timer by the control API; each replica may run it, the
 * delete is idempotent. Returns how many rows went.
 */
export async function sweepEndedSessions(db: Db, policy: SessionPolicy): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `DELETE FROM browser_sessions
     WHERE expires_at <= now() OR revoked_at IS NOT NULL OR last_seen_at < now() - make_interval(secs => $1)
     RETURNING id`,
    [policy.idleTimeoutSeconds],
  );
  return rows.length;
}
