import createClient, { type Client } from 'openapi-fetch';
import type { components as ControlComponents, paths as ControlPaths } from './generated/control.ts';
import type { paths as GatewayPaths } from './generated/gateway.ts';

export { generateTypes } from './generate.ts';
export type { ControlComponents, ControlPaths, GatewayPaths };

/** A typed client of the control API, generated from its /openapi.json; `token` is a PAT. */
export function controlClient(baseUrl: string, token?: string): Client<ControlPaths> {
  return createClient<ControlPaths>({ baseUrl, headers: bearer(token) });
}

/** A typed client of the ingest gateway, generated from its /openapi.json; `apiKey` is an ingest key. */
export function gatewayClient(baseUrl: string, apiKey: string): Client<GatewayPaths> {
  return createClient<GatewayPaths>({ baseUrl, headers: bearer(apiKey) });
}

function bearer(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}
