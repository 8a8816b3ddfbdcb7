import { hashPassword, verifyPassword } from '@quarry/auth';
import { ApiError } from '@quarry/contract';
import type { ControlPlaneDeps, Db, VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { issuePat } from './pats.ts';

export interface UserRow {
  id: string;
  email: string;
  username: string | null;
  name: string | null;
  password_hash: string;
  created_at: Date;
}

export interface Profile {
  id: number;
  email: string;
  username: string | null;
  name: string | null;
  createdAt: string;
}

export function toProfile(row: UserRow): Profile {
  return {
    id: Number(row.id),
    email: row.email,
    username: row.username,
    name: row.name,
    createdAt: row.created_at.toISOString(),
  };
}

const LOGIN_LIMIT = { ratePerSecond: 5 / 60, burst: 5 };

export async function signup(
  deps: Pick<ControlPlaneDeps, 'db'>,
  input: { email: string; password: string; username?: string | undefined },
): Promise<Profile> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await deps.db.query<UserRow>(
      'INSERT INTO users (email, username, password_hash) VALUES ($1, $2, $3) RETURNING *',
      [input.email.toLowerCase(), input.username ?? null, passwordHash],
    );
    if (!row) throw new Error('user insert returned nothing');
    return toProfile(row);
  } catch (error) {
    if (uniqueViolation(error, 'users_email')) throw new ApiError(409, MESSAGES.emailTaken);
    if (uniqueViolation(error, 'users_username')) throw new ApiError(409, MESSAGES.usernameTaken);
    throw error;
  }
}

/** Both the account and the caller's address are throttled, so neither spraying nor guessing scales. */
export async function login(
  deps: ControlPlaneDeps,
  input: { email: string; password: string; address: string },
): Promise<{ token: string; user: Profile }> {
  const user = await checkCredentials(deps, input);
  const { token } = await issuePat(deps.db, user.id, 'login');
  return { token, user };
}

/** The password check behind login and console sign-in, throttled per account and per address. */
export async function checkCredentials(
  deps: Pick<ControlPlaneDeps, 'db' | 'counters'>,
  input: { email: string; password: string; address: string },
): Promise<Profile> {
  const email = input.email.toLowerCase();
  for (const key of [`login:account:${email}`, `login:address:${input.address}`]) {
    // Fails closed: without the shared throttle, password guessing would be unbounded.
    const verdict = await deps.counters.rateLimit({ key, ...LOGIN_LIMIT }).catch((error: unknown) => {
      throw new ApiError(503, MESSAGES.loginThrottleUnavailable, {
        headers: { 'Retry-After': '5' },
        cause: error,
      });
    });
    if (!verdict.allowed) {
      throw new ApiError(429, MESSAGES.tooManyLogins, {
        headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
      });
    }
  }
  const [user] = await deps.db.query<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
  const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid) throw new ApiError(401, MESSAGES.invalidCredentials);
  return toProfile(user);
}

// Verifying against a dummy hash keeps the answer time the same whether or not the email exists.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function getProfile({ deps, actor }: VerbContext): Promise<Profile> {
  const [row] = await deps.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [actor.userId]);
  if (!row) throw new ApiError(404, MESSAGES.userNotFound);
  return toProfile(row);
}

// Column names come from this list only, never from request keys.
const PROFILE_COLUMNS = ['username', 'name'] as const;

export async function updateProfile(
  { deps, actor }: VerbContext,
  input: { username?: string | undefined; name?: string | undefined },
): Promise<Profile> {
  const entries = PROFILE_COLUMNS.flatMap((column) =>
    input[column] === undefined ? [] : [[column, input[column]] as const],
  );
  if (entries.length === 0) throw new ApiError(400, MESSAGES.profileNeedsField);
  const assignments = entries.map(([column], index) => `${column} = $${index + 2}`).join(', ');
  try {
    const [row] = await deps.db.query<UserRow>(`UPDATE users SET ${assignments} WHERE id = $1 RETURNING *`, [
      actor.userId,
      ...entries.map(([, value]) => value),
    ]);
    if (!row) throw new ApiError(404, MESSAGES.userNotFound);
    return toProfile(row);
  } catch (error) {
    if (uniqueViolation(error, 'users_username')) throw new ApiError(409, MESSAGES.usernameTaken);
    throw error;
  }
}

/** True when a catalog error is a unique violation on a constraint whose name starts with `prefix`. */
export function uniqueViolation(error: unknown, prefix: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as { code?: string; constraint?: string; message?: string };
  if (code !== '23505') return false;
  return (constraint ?? message ?? '').includes(prefix);
}

export type { Db };
