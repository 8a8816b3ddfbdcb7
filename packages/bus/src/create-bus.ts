import { createEmbeddedBus, type EmbeddedBusConfig } from './embedded/embedded-bus.ts';
import type { KafkaBusConfig } from './kafka/kafka-bus.ts';
import type { Bus } from './types.ts';

export type BusConfig = KafkaBusConfig | EmbeddedBusConfig;

/**
 * Kafka for the split services, the embedded twin for the single-process default. The Kafka clients
 * load on first use: importing them costs ~0.8 s of CPU, which `quarry --help` and the embedded
 * runner need not pay.
 */
export async function createBus(config: BusConfig): Promise<Bus> {
  if (config.kind === 'embedded') return createEmbeddedBus(config);
  const { createKafkaBus } = await import('./kafka/kafka-bus.ts');
  return createKafkaBus(config);
}
