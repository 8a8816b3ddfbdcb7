import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Empty, ErrorNote, formatCount, formatTime, Loading } from '../../ui/primitives';
import { RecordsTable } from '../../ui/RecordsTable';
import { datasetQuery, latestRowsQuery, statsQuery } from './queries';
import { SchemaForm } from './SchemaForm';
import { Snippets } from './Snippets';

export function DatasetPage() {
  const { project = '', id = '' } = useParams({ strict: false });
  const datasetId = Number(id);
  const dataset = useQuery(datasetQuery(project, datasetId));
  if (dataset.isPending) return <Loading what="the dataset" />;
  if (dataset.error) return <ErrorNote error={dataset.error} />;
  const { name, description, schema } = dataset.data.dataset;
  return (
    <section>
      <h1>{name}</h1>
      {description && <p>{description}</p>}
      <p className="muted">
        Dataset id <code>{datasetId}</code> in project <code>{project}</code>
      </p>
      {schema === null ? (
        <SchemaForm project={project} id={datasetId} />
      ) : (
        <>
          <p>
            <Link to="/p/$project/datasets/$id/explore" params={{ project, id }} className="button-link">
              Explore this dataset
            </Link>
          </p>
          <StatsLine project={project} id={datasetId} />
          <h2>Schema</h2>
          <table>
            <caption>Fields (the schema cannot be changed)</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(schema.fields).map(([field, type]) => (
                <tr key={field}>
                  <th scope="row">{field}</th>
                  <td>{type}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Snippets project={project} id={datasetId} fields={schema.fields} />
          <LatestRecords project={project} id={datasetId} fields={Object.keys(schema.fields)} />
        </>
      )}
    </section>
  );
}

function StatsLine({ project, id }: { project: string; id: number }) {
  const stats = useQuery(statsQuery(project, id));
  if (stats.error) return <ErrorNote error={stats.error} />;
  if (!stats.data) return null;
  const { rows, bytes, firstTimestamp, lastTimestamp, lastIngestAt } = stats.data.stats;
  return (
    <dl className="stats">
      <dt>Rows</dt>
      <dd data-testid="rows">{formatCount(rows)}</dd>
      <dt>Size</dt>
      <dd>{formatCount(bytes)} bytes</dd>
      <dt>Records from</dt>
      <dd>
        {formatTime(firstTimestamp)} to {formatTime(lastTimestamp)}
      </dd>
      <dt>Last ingest</dt>
      <dd>{formatTime(lastIngestAt)}</dd>
    </dl>
  );
}

function LatestRecords(props: { project: string; id: number; fields: string[] }) {
  const latest = useQuery(latestRowsQuery(props.project, props.id, props.fields));
  return (
    <section aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest records</h2>
      {latest.isPending && <Loading what="records" />}
      <ErrorNote error={latest.error} />
      {latest.data &&
        (latest.data.rows.length === 0 ? (
          <Empty>No records yet: send one with a snippet above.</Empty>
        ) : (
          <RecordsTable rows={latest.data.rows as Array<Record<string, unknown>>} caption="Newest first" />
        ))}
    </section>
  );
}
