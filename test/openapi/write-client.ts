import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateTypes } from '@quarry/openapi-client';
import { DOCUMENTS } from './documents.ts';

/** The generated client types in packages/openapi-client; client.test.ts fails when they drift. */
export const GENERATED = {
  control: resolve(import.meta.dirname, '../../packages/openapi-client/src/generated/control.ts'),
  gateway: resolve(import.meta.dirname, '../../packages/openapi-client/src/generated/gateway.ts'),
};

export const generated = (name: keyof typeof DOCUMENTS) =>
  generateTypes(DOCUMENTS[name](), `the ${name} /openapi.json`);

if (import.meta.main) {
  for (const name of Object.keys(GENERATED) as (keyof typeof GENERATED)[]) {
    await writeFile(GENERATED[name], await generated(name));
  }
}
