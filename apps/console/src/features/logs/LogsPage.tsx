import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { Empty, ErrorNote, formatCount, Loading } from '../../ui/primitives';
import { ContextPanel } from './ContextPanel';
import { FilterBar } from './FilterBar';
import { LevelFacets } from './LevelFacets';
import { LiveTailControls } from './LiveTailControls';
import { LogList } from './LogList';
import { eventsQuery, facetsQuery, type LogEvent, logsUrl, MAX_LIST_ROWS, volumeQuery } from './queries';
import { useLiveTail } from './useLiveTail';
import { VolumeChart } from './VolumeChart';
import { type ChangeView, filtersOf, filterText, parseView, prependNewest, rangeOf } from './view';

/** The log explorer: filters in the URL, volume over the whole range, the newest events, live tail. */
export function LogsPage() {
  const { project = '' } = useParams({ strict: false });
  const view = parseView(useSearch({ strict: false }) as Record<string, unknown>);
  const navigate = useNavigate();
  const viewKey = JSON.stringify(view);
  const [asked, setAsked] = useState(0);
  // A relative range ends when it was asked for (the URL changed, or Refresh): not at every render.
  const range = useMemo(() => rangeOf(view, new Date()), [viewKey, asked]);
  const filters = useMemo(() => filtersOf(view), [viewKey]);
  const [live, setLive] = useState(false);
  const [paused, setPaused] = useState(false);
  const [context, setContext] = useState<LogEvent>();

  const volume = useQuery(volumeQuery(project, filters, range));
  const facets = useQuery(facetsQuery(project, filters, range));
  const pages = useInfiniteQuery(eventsQuery(project, filters, range));
  const tail = useLiveTail(project, filters, live, paused);
  const listed = useMemo(() => pages.data?.pages.flatMap((page) => page.events) ?? [], [pages.data]);
  const events = useMemo(
    () => prependNewest(listed, [...tail.events].reverse(), MAX_LIST_ROWS + tail.events.length),
    [listed, tail.events],
  );

  const show: ChangeView = (update) =>
    navigate({
      to: '.',
      search: ((previous: Record<string, unknown>) => update(parseView(previous))) as never,
    });
  const onFilter = (path: string, value: string, exclude: boolean) =>
    show((view) => ({
      ...view,
      filter: [...new Set([...(view.filter ?? []), filterText(path, value, exclude)])].slice(0, 10),
    }));
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const onEnd = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const download = (format: 'ndjson' | 'csv') =>
    logsUrl(project, 'export', { format, q: JSON.stringify({ ...filters, range }) });
  const fields = facets.data?.fields ?? [];
  const valuesOf = (field: string) => fields.find((item) => item.field === field)?.values ?? [];

  return (
    <section className="logs">
      <h1>Logs</h1>
      <FilterBar
        key={viewKey}
        view={view}
        env={valuesOf('env')}
        source={valuesOf('source')}
        onChange={show}
      />
      <div className="logs-layout">
        <LevelFacets view={view} counts={facets.data?.levels} onChange={show} />
        <div className="logs-main">
          <ErrorNote error={volume.error ?? facets.error} />
          {volume.data ? (
            <>
              <p aria-live="polite">
                <strong data-testid="log-count">{formatCount(volume.data.total)}</strong> events from{' '}
                {range.from.replace('T', ' ').slice(0, 19)} to {range.to.replace('T', ' ').slice(0, 19)} UTC{' '}
                <button type="button" className="small" onClick={() => setAsked((count) => count + 1)}>
                  Refresh
                </button>
                {view.from && (
                  <button
                    type="button"
                    className="small"
                    onClick={() => show((current) => ({ ...current, from: undefined, to: undefined }))}
                  >
                    Zoom out
                  </button>
                )}
              </p>
              <VolumeChart
                volume={volume.data}
                onZoom={(from, to) =>
                  show((current) => ({ ...current, from: from.toISOString(), to: to.toISOString() }))
                }
              />
            </>
          ) : (
            volume.isPending && <Loading what="the log volume" />
          )}
          <div className="row log-actions">
            <LiveTailControls
              live={live}
              paused={paused}
              status={tail.status}
              arrived={tail.events.length}
              onChange={(next) => {
                setLive(next.live);
                setPaused(next.paused);
              }}
            />
            <a className="button-link" href={download('ndjson')} download>
              Download NDJSON
            </a>
            <a className="button-link" href={download('csv')} download>
              Download CSV
            </a>
          </div>
          <ErrorNote error={tail.failure ?? pages.error} />
          {pages.isPending && <Loading what="events" />}
          {pages.data && events.length === 0 && <Empty>No events match in this range.</Empty>}
          {events.length > 0 && (
            <LogList
              events={events}
              label="Events, newest first"
              onEnd={onEnd}
              onFilter={onFilter}
              onContext={setContext}
            />
          )}
          {!hasNextPage && listed.length >= MAX_LIST_ROWS && (
            <p className="muted">
              The list stops at {formatCount(MAX_LIST_ROWS)} events: narrow the range or filters.
            </p>
          )}
          {context && (
            <ContextPanel project={project} event={context} onClose={() => setContext(undefined)} />
          )}
        </div>
      </div>
    </section>
  );
}
