import { createPublicKey, type KeyObject } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '@quarry/observability';
import type { CatalogReader } from '../catalog-reader.ts';

/**
 * The ingest-key public keys the gateway trusts: every signing key not retired. Refreshed on an
 * interval (and on demand when a token names an unknown kid, at most once per interval) so a
 * rotation needs no gateway restart. The gateway never sees a private key.
 */
const UNKNOWN_KID_REFRESH_MS = 1_000;
const MAX_REMEMBERED_TOKENS = 10_000;

export class PublicKeyCache {
  private keys: ReadonlyMap<string, KeyObject> = new Map();
  /** Tokens already verified against `keys`; emptied whenever the trusted set is replaced. */
  private verified = new Map<string, unknown>();
  private lastLoadStarted = 0;
  private loading: Promise<void> | undefined;
  private readonly reader: CatalogReader;
  private readonly refreshMs: number;
  private readonly logger: Logger;

  constructor(options: { reader: CatalogReader; refreshMs: number; logger: Logger }) {
    this.reader = options.reader;
    this.refreshMs = options.refreshMs;
    this.logger = options.logger;
  }

  get current(): ReadonlyMap<string, KeyObject> {
    return this.keys;
  }

  /**
   * Verifying an Ed25519 signature is the costliest step of a request (~10% of the gateway's CPU) and
   * clients send the same key again and again, so what a token proved is remembered until the trusted
   * keys are read again (a retired key's tokens then fail as before). Revocation is checked apart.
   */
  recall<T>(token: string): T | undefined {
    return this.verified.get(token) as T | undefined;
  }

  remember(token: string, verified: unknown): void {
    if (this.verified.size >= MAX_REMEMBERED_TOKENS) this.verified.clear();
    this.verified.set(token, verified);
  }

  /** Concurrent callers share one catalog read. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      // The start time counts: a read that began before a rotation cannot have seen the new key.
      const started = Date.now();
      const rows = await this.reader.activePublicKeys();
      this.keys = new Map(rows.map((row) => [row.kid, createPublicKey(row.publicKeyPem)]));
      this.verified = new Map();
      this.lastLoadStarted = started;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * A token with a kid we do not know may be signed by a key rotated in since the last read. At most
   * one read a second answers such tokens, so forged kids cannot turn into a read per request; a
   * token arriving within a second of the last read waits for the next one (a new key's first
   * requests are slower, never refused).
   */
  async refreshForUnknownKid(): Promise<void> {
    const asked = Date.now();
    const wait = this.lastLoadStarted + UNKNOWN_KID_REFRESH_MS - asked;
    if (wait > 0) await delay(wait);
    // A read that started before the token arrived may not have seen its key: wait for one that did.
    while (this.lastLoadStarted < asked) await this.load();
  }

  start(): () => void {
    const timer = setInterval(() => {
      this.load().catch((error) =>
        this.logger.warn({ err: error }, 'public key refresh failed; keeping the last set'),
      );
    }, this.refreshMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
