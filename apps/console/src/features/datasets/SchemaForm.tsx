import type { ControlPaths as paths } from '@quarry/openapi-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorNote, Field } from '../../ui/primitives';

const TYPES = ['string', 'number', 'boolean', 'timestamp'];

type SchemaBody = NonNullable<
  paths['/api/datasets/{project}/{id}/schema']['post']['requestBody']
>['content']['application/json'];
type FieldType = SchemaBody['fields'][string];

/** One row per field; the API checks names and types and its message is shown under the form. */
export function SchemaForm({ project, id }: { project: string; id: number }) {
  const [rows, setRows] = useState([{ name: '', type: 'string' }]);
  const queryClient = useQueryClient();
  const register = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/datasets/{project}/{id}/schema', {
          params: { path: { project, id } },
          // Sent as typed, even an unknown type: the API's message says what is wrong, here.
          body: {
            fields: Object.fromEntries(rows.map((row) => [row.name.trim(), row.type.trim() as FieldType])),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dataset', project, id] });
      await queryClient.invalidateQueries({ queryKey: ['datasets', project] });
    },
  });
  const update = (index: number, patch: Partial<{ name: string; type: string }>) =>
    setRows(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label="Register the schema">
      <h2>Register the schema</h2>
      <p className="warning" role="note">
        A schema cannot be changed once registered: every record must match it, and the table is created from
        it. Check names and types before you register.
      </p>
      <datalist id="field-types">
        {TYPES.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      {rows.map((row, index) => (
        <div className="row" key={index}>
          <Field
            label={`Field ${index + 1} name`}
            value={row.name}
            onChange={(name) => update(index, { name })}
            required
          />
          <Field
            label={`Field ${index + 1} type`}
            value={row.type}
            onChange={(type) => update(index, { type })}
            list="field-types"
            required
          />
          <button
            type="button"
            className="small"
            onClick={() => setRows(rows.filter((_row, at) => at !== index))}
          >
            Remove field {index + 1}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => setRows([...rows, { name: '', type: 'string' }])}
      >
        Add field
      </button>
      <ErrorNote error={register.error} />
      <button type="submit" disabled={register.isPending}>
        Register schema
      </button>
    </form>
  );
}
