import { createHash, randomBytes } from 'node:crypto';
import { hashPassword } from '@quarry/auth';
import { ApiError } from '@quarry/contract';
import { insertUser, type Profile, type SignupInput } from './accounts.ts';
import type { ControlPlaneDeps, Db } from './deps.ts';
import { MESSAGES } from './messages.ts';
import { throttle } from './throttle.ts';

/** Who may create an account through `POST /api/auth/signup` (SIGNUP_MODE). */
export type SignupMode = 'open' | 'invite' | 'closed';
export const SIGNUP_MODES = ['open', 'invite', 'closed'] as const;

// Ten accounts per address at once, then one every six minutes: enough for a team behind one NAT.
const SIGNUP_LIMIT = { ratePerSecond: 10 / 3600, burst: 10 };
const INVITATION_PREFIX = 'inv_';

const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

/** An invitation for one email address; the code is returned once and only its hash is stored. */
export async function createInvitation(
  db: Db,
  input: { email: string; ttlDays: number },
): Promise<{ code: string; email: string; expiresAt: string }> {
  const code = `${INVITATION_PREFIX}${randomBytes(24).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + input.ttlDays * 86_400_000);
  await db.query('INSERT INTO invitations (email, code_hash, expires_at) VALUES ($1, $2, $3)', [
    input.email.toLowerCase(),
    hashCode(code),
    expiresAt.toISOString(),
  ]);
  return { code, email: input.email.toLowerCase(), expiresAt: expiresAt.toISOString() };
}

/**
 * Sign-up as the public route offers it: refused when closed, throttled per client address, and in
 * `invite` mode only with an unused, unexpired invitation for this very email, consumed with the
 * account in one transaction (two sign-ups racing on one invitation: one wins).
 */
export async function publicSignup(
  deps: Pick<ControlPlaneDeps, 'db' | 'counters' | 'passwordParams'>,
  mode: SignupMode,
  input: SignupInput & { address: string; invitation?: string | undefined },
): Promise<Profile> {
  if (mode === 'closed') throw new ApiError(403, MESSAGES.signupClosed);
  if (mode === 'invite' && !input.invitation) throw new ApiError(403, MESSAGES.signupByInvitation);
  await throttle(
    deps,
    `signup:address:${input.address}`,
    SIGNUP_LIMIT,
    MESSAGES.tooManySignups,
    MESSAGES.signupThrottleUnavailable,
  );
  const passwordHash = await hashPassword(input.password, deps.passwordParams);
  const { invitation } = input;
  if (mode === 'open' || invitation === undefined) return insertUser(deps.db, input, passwordHash);
  return deps.db.transaction(async (tx) => {
    const accepted = await tx.query(
      `UPDATE invitations SET accepted_at = now()
       WHERE code_hash = $1 AND email = $2 AND accepted_at IS NULL AND expires_at > now() RETURNING id`,
      [hashCode(invitation), input.email.toLowerCase()],
    );
    if (accepted.length === 0) throw new ApiError(403, MESSAGES.invalidInvitation);
    return insertUser(tx, input, passwordHash);
  });
}
