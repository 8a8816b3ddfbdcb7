import { createEmbeddedBus, type EmbeddedBusConfig } from './embedded/embedded-bus.ts';
import { createKafkaBus, type KafkaBusConfig } from './kafka/kafka-bus.ts';
import type { Bus } from './types.ts';

export type BusConfig = KafkaBusConfig | EmbeddedBusConfig;

/** Kafka for the split services, the embedded twin for the single-process default. */
export async function createBus(config: BusConfig): Promise<Bus> {
  return config.kind === 'kafka' ? createKafkaBus(config) : createEmbeddedBus(config);
}
