export * from './batch.ts';
export * from './messages.ts';
export * from './model.ts';
export * from './record-validator.ts';
export * from './schema-definition.ts';
export * from './schema-version.ts';
export * from './timestamp.ts';
