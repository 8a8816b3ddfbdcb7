export { type DeadLetterInfo, listDeadLetters, REPLAY_GROUP, replayDeadLetters } from './dead-letters.ts';
export { consumerLag, type PartitionLagInfo } from './lag.ts';
