export { type BusConfig, createBus } from './create-bus.ts';
export { createEmbeddedBus, type EmbeddedBusConfig } from './embedded/embedded-bus.ts';
export { BusUnavailableError, MessageTooLargeError, RebalanceError, UnknownTopicError } from './errors.ts';
export type { KafkaBusConfig, KafkaLogEntry } from './kafka/kafka-bus.ts';
export type {
  Admin,
  Batch,
  Bus,
  BusMessage,
  Consumer,
  ConsumerRunOptions,
  OutgoingMessage,
  PartitionLag,
  PartitionOffsets,
  Producer,
  TopicPartition,
  TopicSpec,
} from './types.ts';
