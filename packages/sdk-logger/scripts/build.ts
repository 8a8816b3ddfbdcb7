import { resolve } from 'node:path';
import { buildSdk } from '../../sdk-runtime/scripts/build-sdk.ts';

await buildSdk(resolve(import.meta.dirname, '..'));
