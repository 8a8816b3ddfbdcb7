import { resolve } from 'node:path';
import { buildSdk } from '../../sdk-runtime/scripts/build-sdk.ts';

// @quarry/schema's declarations ship under dist/esm/vendor/schema: the SDK's types use its FieldType.
await buildSdk(resolve(import.meta.dirname, '..'), [
  { specifier: '@quarry/schema', tsconfig: 'tsconfig.schema.json', entry: 'vendor/schema/index.js' },
]);
