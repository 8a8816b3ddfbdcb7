import { type FormEvent, useId, useState } from 'react';
import { PRESET_NAMES } from './build-query';
import type { Aggregate, Bucket, Comparison, ExploreState } from './model';
import { typedValue } from './url-state';

const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max', 'uniq', 'p50', 'p90', 'p95', 'p99'];
const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains', 'startsWith'];
const BUCKETS: Bucket[] = ['none', 'minute', 'hour', 'day', 'week', 'month'];

/** Source → filter → summarise → range, as one form; Run puts it in the URL. */
export function Builder(props: {
  initial: ExploreState;
  fields: Record<string, string>;
  onRun: (state: ExploreState) => void;
}) {
  const [state, setState] = useState(props.initial);
  const names = ['timestamp', ...Object.keys(props.fields)];
  const set = (patch: Partial<ExploreState>) => setState((current) => ({ ...current, ...patch }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    props.onRun(state);
  };
  return (
    <form className="builder" onSubmit={onSubmit} aria-label="Query builder">
      <fieldset>
        <legend>Time range</legend>
        <Select
          label="Range"
          value={state.range}
          options={[...PRESET_NAMES, 'custom']}
          onChange={(range) => set({ range })}
        />
        {state.range === 'custom' && (
          <>
            <Text label="From (ISO 8601)" value={state.from ?? ''} onChange={(from) => set({ from })} />
            <Text label="To (ISO 8601)" value={state.to ?? ''} onChange={(to) => set({ to })} />
          </>
        )}
        <Select
          label="Time bucket"
          value={state.bucket}
          options={BUCKETS}
          onChange={(bucket) => set({ bucket: bucket as Bucket })}
        />
      </fieldset>
      <fieldset>
        <legend>Summarise</legend>
        {state.aggregates.map((item, index) => (
          <div className="row" key={`${index}-${item.as}`}>
            <Select
              label="Aggregate"
              value={item.aggregate}
              options={AGGREGATES}
              onChange={(aggregate) =>
                set({ aggregates: replace(state.aggregates, index, { ...item, aggregate }) })
              }
            />
            <Select
              label="Of field"
              value={item.field}
              options={['', ...names]}
              onChange={(field) => set({ aggregates: replace(state.aggregates, index, { ...item, field }) })}
            />
            <Text
              label="As"
              value={item.as}
              onChange={(as) => set({ aggregates: replace(state.aggregates, index, { ...item, as }) })}
            />
            <button
              type="button"
              className="small"
              onClick={() => set({ aggregates: remove(state.aggregates, index) })}
            >
              Remove aggregate {index + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="small"
          onClick={() => set({ aggregates: [...state.aggregates, nextAggregate(state.aggregates)] })}
        >
          Add aggregate
        </button>
        <fieldset className="inline">
          <legend>Group by</legend>
          {Object.keys(props.fields).map((field) => (
            <label key={field} className="check">
              <input
                type="checkbox"
                checked={state.groupBy.includes(field)}
                onChange={(event) =>
                  set({
                    groupBy: event.target.checked
                      ? [...state.groupBy, field]
                      : state.groupBy.filter((name) => name !== field),
                  })
                }
              />
              {field}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <Conditions
        legend="Filters"
        fields={names}
        types={props.fields}
        items={state.filters}
        onChange={(filters) => set({ filters })}
      />
      <Conditions
        legend="Having"
        fields={state.aggregates.map(({ as }) => as)}
        types={Object.fromEntries(state.aggregates.map(({ as }) => [as, 'number']))}
        items={state.having}
        onChange={(having) => set({ having })}
      />
      <fieldset>
        <legend>Order and limit</legend>
        <Select
          label="Order by"
          value={state.order?.field ?? ''}
          options={[
            '',
            ...(state.bucket === 'none' ? [] : ['time']),
            ...state.groupBy,
            ...state.aggregates.map(({ as }) => as),
          ]}
          onChange={(field) =>
            set({ order: field ? { field, direction: state.order?.direction ?? 'desc' } : undefined })
          }
        />
        <Select
          label="Direction"
          value={state.order?.direction ?? 'desc'}
          options={['desc', 'asc']}
          onChange={(direction) =>
            state.order && set({ order: { ...state.order, direction: direction as 'asc' | 'desc' } })
          }
        />
        <Text
          label="Limit"
          value={String(state.limit)}
          onChange={(limit) => set({ limit: Number(limit) || 0 })}
        />
      </fieldset>
      <button type="submit">Run query</button>
    </form>
  );
}

function Conditions(props: {
  legend: string;
  fields: string[];
  types: Record<string, string>;
  items: Comparison[];
  onChange: (items: Comparison[]) => void;
}) {
  const [texts, setTexts] = useState(() => props.items.map((item) => displayValue(item.value)));
  const update = (index: number, item: Comparison, text: string) => {
    setTexts(replace(texts, index, text));
    props.onChange(
      replace(props.items, index, { ...item, value: typedValue(props.types[item.field], item.op, text) }),
    );
  };
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.items.map((item, index) => (
        <div className="row" key={`${props.legend}-${index}`}>
          <Select
            label="Field"
            value={item.field}
            options={props.fields}
            onChange={(field) => update(index, { ...item, field }, texts[index] ?? '')}
          />
          <Select
            label="Operator"
            value={item.op}
            options={OPS}
            onChange={(op) => update(index, { ...item, op }, texts[index] ?? '')}
          />
          <Text label="Value" value={texts[index] ?? ''} onChange={(text) => update(index, item, text)} />
          <button
            type="button"
            className="small"
            onClick={() => {
              setTexts(remove(texts, index));
              props.onChange(remove(props.items, index));
            }}
          >
            Remove {props.legend.toLowerCase()} {index + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        disabled={props.fields.length === 0}
        onClick={() => {
          setTexts([...texts, '']);
          props.onChange([...props.items, { field: props.fields[0] ?? '', op: 'eq', value: '' }]);
        }}
      >
        Add {props.legend === 'Filters' ? 'filter' : 'having condition'}
      </button>
    </fieldset>
  );
}

function Select(props: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <span className="control">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option || '—'}
          </option>
        ))}
      </select>
    </span>
  );
}

function Text(props: { label: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <span className="control">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} value={props.value} onChange={(event) => props.onChange(event.target.value)} />
    </span>
  );
}

const replace = <T,>(items: T[], index: number, item: T) =>
  items.map((current, at) => (at === index ? item : current));
const remove = <T,>(items: T[], index: number) => items.filter((_item, at) => at !== index);
const nextAggregate = (items: Aggregate[]): Aggregate => ({
  aggregate: 'count',
  field: '',
  as: `agg${items.length + 1}`,
});
const displayValue = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));
