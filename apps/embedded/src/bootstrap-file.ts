import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BootstrapResult } from '@quarry/control-plane';

/** What `<data dir>/bootstrap.json` holds: enough for a client to start sending and querying. */
export interface BootstrapFile {
  project: string;
  pat: string;
  apiKey: string;
  controlUrl: string;
  ingestUrl: string;
  email: string;
  password: string;
}

export function readBootstrap(dataDir: string): BootstrapFile | null {
  const file = join(dataDir, 'bootstrap.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BootstrapFile) : null;
}

/** Written with owner-only permissions: it holds live credentials. */
export function writeBootstrap(
  dataDir: string,
  credentials: Omit<BootstrapResult, 'email' | 'password'> & { email: string; password: string },
  urls: { controlUrl: string; ingestUrl: string },
): BootstrapFile {
  const content: BootstrapFile = {
    project: credentials.project,
    pat: credentials.pat,
    apiKey: credentials.apiKey,
    controlUrl: urls.controlUrl,
    ingestUrl: urls.ingestUrl,
    email: credentials.email,
    password: credentials.password,
  };
  writeFileSync(join(dataDir, 'bootstrap.json'), `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  return content;
}

export function usage(file: BootstrapFile, dataDir: string): string {
  return `
Quarry is running (embedded: all services in this process, data in ${dataDir}).

  console      ${file.controlUrl}/   (sign in with the login below)
  control API  ${file.controlUrl}/api   (docs: ${file.controlUrl}/docs)
  ingest       ${file.ingestUrl}
  project      ${file.project}
  login        ${file.email} / ${file.password}
  credentials  ${join(dataDir, 'bootstrap.json')}

Try it:
  export PAT=${file.pat}
  export KEY=${file.apiKey}
  curl -s -X POST ${file.controlUrl}/api/datasets/${file.project} -H "Authorization: Bearer $PAT" \\
    -H 'Content-Type: application/json' -d '{"name":"Orders"}'
  curl -s -X POST ${file.controlUrl}/api/datasets/${file.project}/<id>/schema -H "Authorization: Bearer $PAT" \\
    -H 'Content-Type: application/json' -d '{"fields":{"country":"string","amount":"number"}}'
  curl -s -X POST ${file.ingestUrl}/datasets/<id> -H "Authorization: Bearer $KEY" \\
    -H 'Content-Type: application/json' \\
    -d '{"timestamp":"2026-06-10T10:00:00Z","context":{},"country":"RO","amount":12.5}'

Stop with Ctrl-C; data and credentials are kept for the next start.
`;
}
