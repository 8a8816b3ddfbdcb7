// Prints the control API's /openapi.json, exactly as a running server answers it, without backends:
// the console's client types are generated from it (apps/console/scripts/generate-api.ts).
import { registerApiRoutes } from '../src/app.ts';
import { createRouter } from '../src/openapi.ts';

const api = createRouter();
registerApiRoutes(api);
const response = await api.request('/openapi.json');
if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
process.stdout.write(`${JSON.stringify(await response.json(), null, 2)}\n`);
