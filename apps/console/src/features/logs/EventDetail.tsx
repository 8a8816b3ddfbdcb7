import type { LogEvent } from './queries';
import { leaves } from './view';

export type FilterAction = (path: string, value: string, exclude: boolean) => void;

/** An expanded event: its fields, metadata as formatted JSON, and a filter on each value. */
export function EventDetail(props: {
  event: LogEvent;
  onFilter?: FilterAction;
  onContext?: (event: LogEvent) => void;
}) {
  const { event, onFilter, onContext } = props;
  const values = leaves(event.metadata);
  return (
    <div className="log-detail">
      <dl className="stats">
        <dt>Event id</dt>
        <dd>{event.id}</dd>
        <dt>Env</dt>
        <dd>{event.env || '—'}</dd>
        <dt>Source</dt>
        <dd>{event.source || '—'}</dd>
        <dt>Trace id</dt>
        <dd>{event.traceId}</dd>
        <dt>Stored at</dt>
        <dd>{event.ingestedAt}</dd>
      </dl>
      <figure className="copy">
        <figcaption>Metadata</figcaption>
        {/* A long document scrolls: focusable so a keyboard can scroll it. */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see above */}
        <pre tabIndex={0}>{JSON.stringify(event.metadata, null, 2)}</pre>
      </figure>
      {onFilter && values.length > 0 && (
        <ul className="log-values" aria-label="Metadata values">
          {values.map(({ path, value }) => (
            <li key={path}>
              <code>
                {path} = {value}
              </code>{' '}
              <button type="button" className="small" onClick={() => onFilter(path, value, false)}>
                Filter on {path}
              </button>{' '}
              <button type="button" className="small" onClick={() => onFilter(path, value, true)}>
                Exclude {path}
              </button>
            </li>
          ))}
        </ul>
      )}
      {onContext && (
        <button type="button" className="small" onClick={() => onContext(event)}>
          Show context
        </button>
      )}
    </div>
  );
}
