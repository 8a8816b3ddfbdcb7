import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { type FormEvent, useMemo, useState } from 'react';
import { CopyBlock, ErrorNote, Loading } from '../../ui/primitives';
import { RecordsTable } from '../../ui/RecordsTable';
import { datasetQuery, runQuery } from '../datasets/queries';
import { Builder } from './Builder';
import { curlFor, fillBuckets, toCsv, toDocument } from './build-query';
import { Chart, type ChartData } from './Chart';
import type { ExploreState } from './model';
import { parseState, serializeState } from './url-state';

export function ExplorePage() {
  const { project = '', id = '' } = useParams({ strict: false });
  const datasetId = Number(id);
  const { q } = useSearch({ strict: false }) as { q?: string };
  const navigate = useNavigate();
  const state = useMemo(() => parseState(q), [q]);
  // A relative range ends when the query was asked for: the URL change, not every render.
  const document = useMemo(() => toDocument(state, new Date()), [q]);
  const dataset = useQuery(datasetQuery(project, datasetId));
  const result = useQuery({
    queryKey: ['explore', project, datasetId, document],
    queryFn: () => runQuery(project, datasetId, document),
    enabled: dataset.data?.dataset.schema != null,
  });
  const apply = (next: ExploreState) =>
    navigate({ to: '.', search: { q: serializeState(next) } as never, replace: false });

  if (dataset.isPending) return <Loading what="the dataset" />;
  if (dataset.error) return <ErrorNote error={dataset.error} />;
  const fields = dataset.data.dataset.schema?.fields ?? {};
  const rows = (result.data?.rows ?? []) as Array<Record<string, unknown>>;
  return (
    <section>
      <h1>
        Explore{' '}
        <Link to="/p/$project/datasets/$id" params={{ project, id }}>
          {dataset.data.dataset.name}
        </Link>
      </h1>
      <Builder key={q ?? ''} initial={state} fields={fields} onRun={apply} />
      <h2>Result</h2>
      {result.isFetching && <Loading what="the result" />}
      <ErrorNote error={result.error} />
      {result.data && (
        <>
          <Chart
            data={chartData(rows, state, document.range)}
            title={`Chart of ${rows.length} result rows`}
          />
          <ResultActions rows={rows} />
          <RecordsTable
            rows={rows}
            caption={`${rows.length} rows${result.data.truncated ? ' (truncated)' : ''}`}
          />
        </>
      )}
      <CopyBlock label="Query JSON" text={JSON.stringify(document, null, 2)} />
      <CopyBlock label="curl" text={curlFor(document, window.location.origin, project, datasetId)} />
    </section>
  );
}

function chartData(
  rows: Array<Record<string, unknown>>,
  state: ExploreState,
  range: { from: string; to: string },
): ChartData {
  if (state.bucket !== 'none') return { kind: 'lines', ...fillBuckets(rows, state, range) };
  const labels = rows.map((row) => state.groupBy.map((field) => String(row[field])).join(' · ') || 'all');
  return {
    kind: 'bars',
    x: rows.map((_row, index) => index),
    labels,
    series: state.aggregates.map(({ as }) => ({
      label: as,
      values: rows.map((row) => Number(row[as] ?? 0)),
    })),
  };
}

function ResultActions({ rows }: { rows: Array<Record<string, unknown>> }) {
  const [href, setHref] = useState<string>();
  const exportCsv = (event: FormEvent) => {
    event.preventDefault();
    const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv' }));
    setHref(url);
    const link = window.document.createElement('a');
    link.href = url;
    link.download = 'quarry-result.csv';
    link.click();
  };
  return (
    <p>
      <button type="button" className="small" onClick={exportCsv} disabled={rows.length === 0}>
        Export CSV
      </button>
      {href && <span className="muted"> CSV ready.</span>}
    </p>
  );
}
