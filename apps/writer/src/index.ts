export { allowedCidrsField, destinationKeyField } from './destinations/egress/config.ts';
export type { EgressOptions, HostLookup } from './destinations/egress/egress.ts';
export { DEFAULT_INSERT_PARTS, type InsertParts } from './insert-parts.ts';
export { createWriter, type WriterDependencies } from './start.ts';
export type { RunningWriter } from './writer.ts';
