import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from './secret-box.ts';

/** What a destination needs to be reached, kept only sealed (`projects.destination_sealed`). */
export interface DestinationSecrets {
  url: string;
  /** The Standard Webhooks signing secret (`whsec_` + base64), webhooks only. */
  signingSecret?: string;
}

export function sealDestination(secrets: DestinationSecrets, key: Buffer): string {
  return sealSecret(JSON.stringify(secrets), key);
}

/** Throws when `key` is not the one the control API sealed with. */
export function openDestination(sealed: string, key: Buffer): DestinationSecrets {
  const value = JSON.parse(openSecret(sealed, key)) as DestinationSecrets;
  if (typeof value.url !== 'string') throw new Error('sealed destination has no URL');
  return value;
}

/** A new Standard Webhooks secret: 24 random bytes, as that scheme's libraries expect them. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The URL as shown on the project: where it goes, without its password or query values (tokens).
 * A secret in the path cannot be told apart, which is why the full URL is only stored sealed.
 */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = 'redacted';
  for (const name of new Set(parsed.searchParams.keys())) parsed.searchParams.set(name, 'redacted');
  return parsed.toString();
}
