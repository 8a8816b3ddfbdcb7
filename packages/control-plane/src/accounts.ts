import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from '@quarry/auth';
import { ApiError } from '@quarry/contract';
import type { ControlPlaneDeps, Db, VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { issuePat } from './pats.ts';
import { throttle } from './throttle.ts';

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

export const LOGIN_LIMIT = { ratePerSecond: 5 / 60, burst: 5 };

export interface SignupInput {
  email: string;
  password: string;
  username?: string | undefined;
}

/** Creates an account, whatever the sign-up mode: the operator's verb (CLI, bootstrap, tests). */
export async function signup(
  deps: Pick<ControlPlaneDeps, 'db' | 'passwordParams'>,
  input: SignupInput,
): Promise<Profile> {
  return insertUser(deps.db, input, await hashPassword(input.password, deps.passwordParams));
}

/** Inserts a user whose password is already hashed; 409 when the email or username is taken. */
export async function insertUser(db: Db, input: SignupInput, passwordHash: string): Promise<Profile> {
  try {
    const [row] = await db.query<UserRow>(
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

/**
 * Both the account and the caller's address are throttled, so neither spraying nor guessing scales.
 * The answer is a PAT that expires after `tokenTtlMs`, not a permanent one per login.
 */
export async function login(
  deps: ControlPlaneDeps,
  input: { email: string; password: string; address: string; tokenTtlMs: number },
): Promise<{ token: string; expiresAt: string; user: Profile }> {
  const user = await checkCredentials(deps, input);
  const expiresAt = new Date(Date.now() + input.tokenTtlMs);
  const { token } = await issuePat(deps.db, user.id, 'login', { expiresAt });
  return { token, expiresAt: expiresAt.toISOString(), user };
}

/** The password check behind login and the console's sign-in, throttled per account and per address. */
export async function checkCredentials(
  deps: Pick<ControlPlaneDeps, 'db' | 'counters' | 'passwordParams'>,
  input: { email: string; password: string; address: string },
): Promise<Profile> {
  const email = input.email.toLowerCase();
  for (const key of [`login:account:${email}`, `login:address:${input.address}`]) {
    await throttle(deps, key, LOGIN_LIMIT, MESSAGES.tooManyLogins, MESSAGES.loginThrottleUnavailable);
  }
  const [user] = await deps.db.query<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
  const params = deps.passwordParams ?? DEFAULT_SCRYPT_PARAMS;
  const valid = await verifyPassword(input.password, user?.password_hash ?? dummyHash(params));
  if (!user || !valid) throw new ApiError(401, MESSAGES.invalidCredentials);
  if (needsRehash(user.password_hash, params)) await rehash(deps.db, user, input.password, params);
  return toProfile(user);
}

// Only the hash the password was checked against is replaced: a concurrent password change wins.
async function rehash(db: Db, user: UserRow, password: string, params: ScryptParams): Promise<void> {
  await db.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [
    user.id,
    user.password_hash,
    await hashPassword(password, params),
  ]);
}

// Verifying against a dummy hash of the same cost keeps the answer time the same whether or not
// the email exists.
const dummyHash = ({ N, r, p }: ScryptParams) => `scrypt$${N}$${r}$${p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

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
