import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { BaseOptions, SASLOptions } from '@platformatic/kafka';

/** How Quarry reaches a secured cluster: TLS (optionally with a client certificate) and SASL. */
export interface KafkaSecurity {
  /** true for the system's trust store, or the PEM texts to trust and present */
  tls?: boolean | { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'PLAIN'; username: string; password: string };
}

export interface ClientTuning extends KafkaSecurity {
  brokers: string[];
  clientId: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
}

/** Options shared by every @platformatic/kafka client the bus opens (producer, consumers, admin). */
export function clientOptions(config: ClientTuning): BaseOptions {
  const options: BaseOptions = {
    clientId: config.clientId,
    bootstrapBrokers: config.brokers,
    connectTimeout: config.connectionTimeoutMs ?? 1_000,
    requestTimeout: config.requestTimeoutMs ?? 5_000,
    // The idempotent producer turns 0 or 1 into "retry forever"; a dead broker must fail a send in seconds.
    retries: Math.max(2, config.retries ?? 5),
    retryDelay: 250,
  };
  const tls = tlsOptions(config.tls);
  if (tls) options.tls = tls;
  if (config.sasl) options.sasl = { ...config.sasl } satisfies SASLOptions;
  return options;
}

function tlsOptions(tls: KafkaSecurity['tls']): TlsOptions | undefined {
  if (!tls) return undefined;
  if (tls === true) return {};
  const options: TlsOptions = {};
  if (tls.ca) options.ca = tls.ca;
  if (tls.cert) options.cert = tls.cert;
  if (tls.key) options.key = tls.key;
  return options;
}
