import { useMutation } from '@tanstack/react-query';
import { api, call, ingestUrl } from '../../api/client';
import { CopyBlock, ErrorNote } from '../../ui/primitives';

const sample = (fields: Record<string, string>) =>
  Object.fromEntries([
    ['timestamp', new Date().toISOString()],
    ['context', {}],
    ...Object.entries(fields).map(([name, type]) => [name, SAMPLES[type] ?? null]),
  ]);
const SAMPLES: Record<string, unknown> = {
  string: 'example',
  number: 42,
  boolean: true,
  timestamp: '2026-01-01T00:00:00Z',
};

/** Ready-to-copy ingest code with the real dataset id and URL; a key can be created right here. */
export function Snippets(props: { project: string; id: number; fields: Record<string, string> }) {
  const key = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/projects/{project}/keys', {
          params: { path: { project: props.project } },
          body: { name: `console ${new Date().toISOString().slice(0, 10)}` },
        }),
      ),
  });
  const apiKey = key.data?.apiKey ?? '$QUARRY_API_KEY';
  const url = ingestUrl();
  const record = JSON.stringify(sample(props.fields));
  const curl = [
    `curl -X POST '${url}/datasets/${props.id}'`,
    `  -H 'Authorization: Bearer ${apiKey}'`,
    `  -H 'Content-Type: application/json'`,
    `  -d '${record.replaceAll("'", "'\\''")}'`,
  ].join(' \\\n');
  const sdk = [
    "import { createQuarry, defineSchema } from '@quarry/sdk-datasets';",
    '',
    `const schema = defineSchema(${JSON.stringify(props.fields)});`,
    'const quarry = createQuarry({',
    `  ingestUrl: '${url}',`,
    `  project: '${props.project}',`,
    '  apiKey: process.env.QUARRY_API_KEY,',
    '});',
    `await quarry.dataset(${props.id}, schema).send(${record});`,
  ].join('\n');
  return (
    <section aria-labelledby="ingest-heading">
      <h2 id="ingest-heading">Send records</h2>
      <p>
        <button type="button" onClick={() => key.mutate()} disabled={key.isPending}>
          Create an ingest key
        </button>{' '}
        {key.data ? (
          <span role="status">Key created: it is shown once, in the snippet below.</span>
        ) : (
          <span className="muted">or set QUARRY_API_KEY to an existing key.</span>
        )}
      </p>
      <ErrorNote error={key.error} />
      <CopyBlock label="curl" text={curl} />
      <CopyBlock label="TypeScript SDK" text={sdk} />
    </section>
  );
}
