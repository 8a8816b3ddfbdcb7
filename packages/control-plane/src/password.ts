import { hashPassword, verifyPassword } from '@quarry/auth';
import { ApiError } from '@quarry/contract';
import { LOGIN_LIMIT, type Profile, toProfile, type UserRow, uniqueViolation } from './accounts.ts';
import type { ControlPlaneDeps, VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { throttle } from './throttle.ts';

type CredentialContext = {
  deps: Pick<ControlPlaneDeps, 'db' | 'counters' | 'passwordParams'>;
  actor: VerbContext['actor'];
};

/**
 * The caller's own account, once they proved they know its password: a borrowed session must not
 * take over or lock out the account. Guessed no faster than at login (the same per-account bucket).
 */
async function confirmPassword(
  { deps, actor }: CredentialContext,
  currentPassword: string,
): Promise<UserRow> {
  const [user] = await deps.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [actor.userId]);
  if (!user) throw new ApiError(404, MESSAGES.userNotFound);
  const key = `login:account:${user.email}`;
  await throttle(deps, key, LOGIN_LIMIT, MESSAGES.tooManyLogins, MESSAGES.loginThrottleUnavailable);
  if (!(await verifyPassword(currentPassword, user.password_hash))) {
    throw new ApiError(403, MESSAGES.wrongCurrentPassword);
  }
  return user;
}

/**
 * Changes the caller's password, then ends every browser session and login token of the user except
 * the credential making this request.
 */
export async function changePassword(
  ctx: CredentialContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await confirmPassword(ctx, input.currentPassword);
  const newHash = await hashPassword(input.newPassword, ctx.deps.passwordParams);
  const { actor } = ctx;
  await ctx.deps.db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, newHash]);
    await tx.query(
      `UPDATE browser_sessions SET revoked_at = now()
       WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2::bigint`,
      [user.id, actor.sessionId ?? null],
    );
    // Login answers are PATs named `login` with an expiry (accounts.ts); tokens made on purpose stay.
    await tx.query(
      `UPDATE personal_access_tokens SET revoked_at = now()
       WHERE user_id = $1 AND name = 'login' AND expires_at IS NOT NULL AND revoked_at IS NULL
         AND id IS DISTINCT FROM $2::bigint`,
      [user.id, actor.patId ?? null],
    );
  });
}

/** Changes the caller's sign-in email (stored lowercase, like at sign-up); 409 when registered. */
export async function changeEmail(
  ctx: CredentialContext,
  input: { currentPassword: string; email: string },
): Promise<Profile> {
  const user = await confirmPassword(ctx, input.currentPassword);
  try {
    const [row] = await ctx.deps.db.query<UserRow>('UPDATE users SET email = $2 WHERE id = $1 RETURNING *', [
      user.id,
      input.email.toLowerCase(),
    ]);
    if (!row) throw new ApiError(404, MESSAGES.userNotFound);
    return toProfile(row);
  } catch (error) {
    if (uniqueViolation(error, 'users_email')) throw new ApiError(409, MESSAGES.emailTaken);
    throw error;
  }
}
