import { type FormEvent, useId, useState } from 'react';
import { Field } from '../../ui/primitives';
import { type ChangeView, filterText, type LogsView, PRESETS, parseFilter } from './view';

type Values = Array<{ value: string; count: string }>;

/** Range, text, metadata, env and source: each change goes to the URL (the page reads it back). */
export function FilterBar(props: { view: LogsView; env: Values; source: Values; onChange: ChangeView }) {
  const { view, onChange } = props;
  const [text, setText] = useState(view.text ?? '');
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string>();
  const rangeId = useId();
  const search = (event: FormEvent) => {
    event.preventDefault();
    onChange((current) => ({ ...current, text: text || undefined }));
  };
  const addFilter = (event: FormEvent) => {
    event.preventDefault();
    const match = parseFilter(typed);
    if (!match)
      return setProblem('Write a filter as path = value or path != value, e.g. metadata.userId = 123');
    setProblem(undefined);
    setTyped('');
    const entry = filterText(match.path, match.value, match.not);
    onChange((current) => ({
      ...current,
      filter: [...new Set([...(current.filter ?? []), entry])].slice(0, 10),
    }));
  };
  const absolute = Boolean(view.from && view.to);
  return (
    <div className="log-filters">
      <div className="field">
        <label htmlFor={rangeId}>Time range</label>
        <select
          id={rangeId}
          value={absolute ? 'custom' : (view.range ?? '1h')}
          onChange={(event) => {
            const range = event.target.value as LogsView['range'];
            onChange((current) => ({ ...current, range, from: undefined, to: undefined }));
          }}
        >
          {absolute && <option value="custom">Zoomed range</option>}
          {Object.keys(PRESETS).map((preset) => (
            <option key={preset} value={preset}>
              Last {preset}
            </option>
          ))}
        </select>
      </div>
      <form onSubmit={search} aria-label="Search messages">
        <Field label="Message contains" value={text} onChange={setText} name="text" />
        <button type="submit" className="small">
          Search
        </button>
      </form>
      <form onSubmit={addFilter} aria-label="Add a metadata filter">
        <Field
          label="Metadata filter"
          value={typed}
          onChange={setTyped}
          name="filter"
          hint="metadata.userId = 123, or plan != free"
        />
        <button type="submit" className="small">
          Add filter
        </button>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
      </form>
      <Choice
        label="Env"
        value={view.env}
        values={props.env}
        onChange={(env) => onChange((current) => ({ ...current, env }))}
      />
      <Choice
        label="Source"
        value={view.source}
        values={props.source}
        onChange={(source) => onChange((current) => ({ ...current, source }))}
      />
      {(view.filter ?? []).length > 0 && (
        <ul className="chips" aria-label="Metadata filters">
          {view.filter?.map((entry) => (
            <li key={entry}>
              <code>{entry}</code>
              <button
                type="button"
                className="small"
                aria-label={`Remove filter ${entry}`}
                onClick={() =>
                  onChange((current) => ({
                    ...current,
                    filter: current.filter?.filter((other) => other !== entry),
                  }))
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A select of the most frequent values (with counts), plus the chosen one even if no longer among them. */
function Choice(props: {
  label: string;
  value?: string;
  values: Values;
  onChange: (value?: string) => void;
}) {
  const id = useId();
  // An empty env or source cannot be chosen apart from "Any" (the API filters on equality only).
  const listed = props.values.filter((item) => item.value !== '');
  const values =
    !props.value || listed.some((item) => item.value === props.value)
      ? listed
      : [{ value: props.value, count: '0' }, ...listed];
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value || undefined)}
      >
        <option value="">Any</option>
        {values.map((item) => (
          <option key={item.value} value={item.value}>
            {item.value} ({item.count})
          </option>
        ))}
      </select>
    </div>
  );
}
