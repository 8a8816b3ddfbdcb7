import { hashPassword, verifyPassword } from '@quarry/auth';
import { ApiError } from '@quarry/contract';
import type { UserRow } from './accounts.ts';
import { LOGIN_LIMIT } from './accounts.ts';
import type { ControlPlaneDeps, VerbContext } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { throttle } from './throttle.ts';

/**
 * Changes the caller's password. The current one is required (a borrowed session must not lock its
 * owner out) and guessed at no faster than at login: the same per-account bucket. Afterwards every
 * browser session and login token of the user ends, except the credential making this request.
 */
export async function changePassword(
  { deps, actor }: { deps: Pick<ControlPlaneDeps, 'db' | 'counters'>; actor: VerbContext['actor'] },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await deps.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [actor.userId]);
  if (!user) throw new ApiError(404, MESSAGES.userNotFound);
  await throttle(
    deps,
    `login:account:${user.email}`,
    LOGIN_LIMIT,
    MESSAGES.tooManyLogins,
    MESSAGES.loginThrottleUnavailable,
  );
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new ApiError(403, MESSAGES.wrongCurrentPassword);
  }
  const newHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
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
