import { generateSigningKey, type IngestKeyClaims, signIngestKey } from '@quarry/auth';
import type { Db } from './deps.ts';
import { openSecret, sealSecret } from './secret-box.ts';

interface SigningKeyRow {
  kid: string;
  public_key: string;
  private_key: string;
  created_at: Date;
  retired_at: Date | null;
}

export interface PublicKeyInfo {
  kid: string;
  publicKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/**
 * Ingest-key signing keys. The newest unretired key signs; every unretired key verifies, so after a
 * rotation tokens signed by the previous key keep working until an operator retires it.
 */
export interface Keyring {
  sign(claims: Omit<IngestKeyClaims, 'iat'>): Promise<string>;
  rotate(): Promise<PublicKeyInfo>;
  retire(kid: string): Promise<boolean>;
  list(): Promise<PublicKeyInfo[]>;
}

export function createKeyring(db: Db, encryptionKey: Buffer): Keyring {
  const activeKey = async () => {
    const [row] = await db.query<SigningKeyRow>(
      'SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1',
    );
    if (row) return row;
    await rotate();
    return activeKey();
  };

  const rotate = async (): Promise<PublicKeyInfo> => {
    const key = generateSigningKey();
    const [row] = await db.query<SigningKeyRow>(
      `INSERT INTO signing_keys (kid, algorithm, public_key, private_key)
       VALUES ($1, 'Ed25519', $2, $3) RETURNING *`,
      [key.kid, key.publicKeyPem, sealSecret(key.privateKeyPem, encryptionKey)],
    );
    if (!row) throw new Error('signing key insert returned nothing');
    return toInfo(row);
  };

  return {
    async sign(claims) {
      const row = await activeKey();
      let privateKeyPem: string;
      try {
        privateKeyPem = openSecret(row.private_key, encryptionKey);
      } catch (error) {
        throw new Error(
          `signing key ${row.kid} cannot be decrypted: SIGNING_KEY_ENCRYPTION_KEY is not the key it was sealed with`,
          { cause: error },
        );
      }
      return signIngestKey(claims, { kid: row.kid, privateKeyPem });
    },
    rotate,
    async retire(kid) {
      const rows = await db.query(
        'UPDATE signing_keys SET retired_at = now() WHERE kid = $1 AND retired_at IS NULL RETURNING kid',
        [kid],
      );
      return rows.length > 0;
    },
    async list() {
      const rows = await db.query<SigningKeyRow>('SELECT * FROM signing_keys ORDER BY created_at DESC');
      return rows.map(toInfo);
    },
  };
}

function toInfo(row: SigningKeyRow): PublicKeyInfo {
  return { kid: row.kid, publicKeyPem: row.public_key, createdAt: row.created_at, retiredAt: row.retired_at };
}
