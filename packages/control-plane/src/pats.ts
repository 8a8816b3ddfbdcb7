import { generatePat, parsePat, verifyPatSecret } from '@quarry/auth';
import { ApiError } from '@quarry/contract';
import type { Db, VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import type { ReadCache } from './read-cache.ts';
import { grantableScopes, SCOPES, type Scope, scopeMessage } from './scopes.ts';

export interface PatRow {
  id: string;
  user_id: string;
  name: string;
  lookup_id: string;
  secret_hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  scopes: Scope[] | null;
  expires_at: Date | null;
}

export interface PatInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scopes: Scope[];
  expiresAt: string | null;
}

export interface PatGrant {
  /** Absent: every scope. */
  scopes?: readonly Scope[] | undefined;
  /** Absent or null: never expires. */
  expiresAt?: Date | null | undefined;
}

function toInfo(row: PatRow): PatInfo {
  return {
    id: Number(row.id),
    name: row.name,
    prefix: `pat_${row.lookup_id}`,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    scopes: scopesOf(row),
    expiresAt: row.expires_at?.toISOString() ?? null,
  };
}

const isLive = (row: PatRow | undefined) => row !== undefined;

// A token made before scopes existed (NULL) keeps the full access it was issued with.
const scopesOf = (row: PatRow): Scope[] => row.scopes ?? [...SCOPES];

/** Creates a PAT; the token is returned here once and only its hash is stored. */
export async function issuePat(
  db: Db,
  userId: number,
  name: string,
  grant: PatGrant = {},
): Promise<{ token: string; pat: PatInfo }> {
  const { token, lookupId, secretHash } = generatePat();
  const scopes = SCOPES.filter((scope) => (grant.scopes ?? SCOPES).includes(scope));
  const [row] = await db.query<PatRow>(
    `INSERT INTO personal_access_tokens (user_id, name, lookup_id, secret_hash, scopes, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [userId, name, lookupId, secretHash, scopes, grant.expiresAt?.toISOString() ?? null],
  );
  if (!row) throw new Error('token insert returned nothing');
  return { token, pat: toInfo(row) };
}

/**
 * A token never gets more than the credential creating it: a scoped token cannot mint a broader one.
 * Without `scopes`, the new token gets the creator's scopes (all of them for a session).
 */
export function createPat(
  { deps, actor }: VerbContext,
  input: { name: string; scopes?: Scope[] | undefined; expiresAt?: Date | undefined },
) {
  const scopes = input.scopes ?? actor.scopes ?? SCOPES;
  const missing = grantableScopes(actor, scopes);
  if (missing !== null) throw new ApiError(403, scopeMessage(missing));
  if (input.expiresAt !== undefined && input.expiresAt.getTime() <= Date.now()) {
    throw new ApiError(400, MESSAGES.expiryInPast);
  }
  return issuePat(deps.db, actor.userId, input.name, { scopes, expiresAt: input.expiresAt ?? null });
}

export async function listPats({ deps, actor }: VerbContext): Promise<PatInfo[]> {
  const rows = await deps.db.query<PatRow>(
    'SELECT * FROM personal_access_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC',
    [actor.userId],
  );
  return rows.map(toInfo);
}

export async function revokePat({ deps, actor }: VerbContext, input: { id: number }): Promise<PatInfo> {
  const [row] = await deps.db.query<PatRow>(
    `UPDATE personal_access_tokens SET revoked_at = COALESCE(revoked_at, now())
     WHERE id = $1 AND user_id = $2 RETURNING *`,
    [input.id, actor.userId],
  );
  if (!row) throw new ApiError(404, MESSAGES.tokenNotFound);
  return toInfo(row);
}

/**
 * Resolves a bearer PAT to its user: one indexed read by lookup id (kept in `cache` when given, see
 * read-cache.ts), then a constant-time hash compare and the expiry, on every request. Last use is
 * only noted in memory here; `LastUseRecorder.flush` writes it in batches.
 */
export async function authenticatePat(
  db: Db,
  token: string | undefined,
  lastUse?: LastUseRecorder,
  cache?: ReadCache<PatRow | undefined>,
): Promise<{ userId: number; patId: number; scopes: Scope[] }> {
  if (!token) throw new ApiError(401, MESSAGES.missingToken);
  const parsed = parsePat(token);
  if (!parsed) throw new ApiError(401, MESSAGES.invalidToken);
  const read = async () => {
    const [row] = await db.query<PatRow>(
      'SELECT * FROM personal_access_tokens WHERE lookup_id = $1 AND revoked_at IS NULL',
      [parsed.lookupId],
    );
    return row;
  };
  const row = cache ? await cache.read(parsed.lookupId, read, isLive) : await read();
  if (!row || !verifyPatSecret(token, row.secret_hash)) throw new ApiError(401, MESSAGES.invalidToken);
  if (row.expires_at !== null && row.expires_at.getTime() <= Date.now()) {
    throw new ApiError(401, MESSAGES.expiredToken);
  }
  lastUse?.note(Number(row.id));
  return { userId: Number(row.user_id), patId: Number(row.id), scopes: scopesOf(row) };
}

/** Batches PAT last-use timestamps so authentication never writes to the catalog per request. */
export class LastUseRecorder {
  private readonly pending = new Map<number, Date>();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  note(patId: number): void {
    this.pending.set(patId, new Date());
  }

  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const entries = [...this.pending];
    this.pending.clear();
    await this.db.query(
      `UPDATE personal_access_tokens AS t SET last_used_at = u.at
       FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::timestamptz[]) AS at) AS u
       WHERE t.id = u.id AND (t.last_used_at IS NULL OR t.last_used_at < u.at)`,
      [entries.map(([id]) => id), entries.map(([, at]) => at.toISOString())],
    );
    return entries.length;
  }
}
