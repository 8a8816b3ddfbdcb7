import { createDecipheriv, createPrivateKey } from 'node:crypto';
import type { Needle } from '@quarry/testkit';

// Shorter values would match by chance; every secret the scenario makes is longer.
const MIN_LENGTH = 8;

/**
 * The secrets a scenario made or was given, each searched for in every spelling it could take on its
 * way to a log line or a response: as is, JSON-escaped, URL-encoded, base64 and base64url.
 */
export class SecretBook {
  private readonly entries: { label: string; value: string }[] = [];

  add(label: string, value: string): string {
    if (value.length < MIN_LENGTH) throw new Error(`secret ${label} is too short to search for`);
    this.entries.push({ label, value });
    return value;
  }

  /** Binary key material: its hex, base64 and base64url spellings (the bytes never appear raw). */
  addBytes(label: string, bytes: Buffer): void {
    this.entries.push({ label: `${label} (hex)`, value: bytes.toString('hex') });
    this.entries.push({ label: `${label} (base64)`, value: bytes.toString('base64') });
    this.entries.push({ label: `${label} (base64url)`, value: bytes.toString('base64url') });
  }

  /**
   * An Ed25519 private key in every encoding a library or a careless log could print: the PEM,
   * the PKCS#8 DER, and the 32-byte seed (a JWK's `d`).
   */
  addPrivateKey(label: string, pem: string): void {
    const key = createPrivateKey(pem);
    const der = key.export({ type: 'pkcs8', format: 'der' });
    const jwk = key.export({ format: 'jwk' });
    this.add(`${label} (PEM)`, pem);
    this.add(`${label} (PEM body)`, pem.replace(/-----[^-]+-----|\s/g, ''));
    this.addBytes(`${label} (PKCS#8 DER)`, der);
    if (!jwk.d) throw new Error(`${label} has no private part`);
    this.addBytes(`${label} (seed, JWK d)`, Buffer.from(jwk.d, 'base64url'));
  }

  needles(): Needle[] {
    return this.entries.flatMap(({ label, value }) => {
      const spellings: [string, string][] = [
        [value, label],
        [JSON.stringify(value).slice(1, -1), `${label} (JSON-escaped)`],
        [encodeURIComponent(value), `${label} (URL-encoded)`],
        [Buffer.from(value).toString('base64'), `${label} (base64)`],
        [Buffer.from(value).toString('base64url'), `${label} (base64url)`],
      ];
      // A spelling equal to an earlier one is searched once, under the earlier (plainer) name.
      const distinct = spellings.filter(
        ([find], index) => spellings.findIndex(([other]) => other === find) === index,
      );
      return distinct.map(([find, spelling]) => ({ label: spelling, find }));
    });
  }

  /** The text with every secret (as is or URL-encoded) replaced, for naming where a find was. */
  mask(text: string): string {
    return this.entries.reduce(
      (masked, { value }) =>
        masked.replaceAll(value, '«secret»').replaceAll(encodeURIComponent(value), '«secret»'),
      text,
    );
  }
}

/**
 * Opens a signing key sealed in the catalog (`v1.<iv>.<tag>.<ciphertext>`, AES-256-GCM, each part
 * base64url), independently of the control plane's own code, so a change of format fails loudly.
 */
export function openSealedKey(sealed: string, encryptionKey: Buffer): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !ciphertext) throw new Error('unknown sealed-key format');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
