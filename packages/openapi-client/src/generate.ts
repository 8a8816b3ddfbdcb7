import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/**
 * openapi-typescript's output for one OpenAPI document, as a console or SDK build generates it.
 * (It builds with TypeScript's compiler API, which TypeScript 7 no longer ships: this package pins 5.9.)
 */
export async function generateTypes(document: object, source: string): Promise<string> {
  const header = `// Generated from ${source} by openapi-typescript (node test/openapi/write-client.ts). Do not edit.\n`;
  return header + astToString(await openapiTS(document as OpenAPI3));
}
