import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { api, call } from '../../api/client';
import { Empty, ErrorNote, Field, formatTime, Loading } from '../../ui/primitives';
import { ShownOnce } from './parts';
import { deliveriesQuery, projectQuery } from './queries';
import { can } from './roles';
import { useRole } from './SettingsLayout';

/** Each destination type with the one URL field the contract requires for it (§4). */
const TYPES = {
  logger: { field: 'read_api_url', label: 'Read API URL', says: 'the built-in store (searchable in Quarry)' },
  webhook: { field: 'webhook_url', label: 'Webhook URL', says: 'a signed POST per batch of events' },
  direct_db_postgres: {
    field: 'direct_db_url',
    label: 'PostgreSQL URL',
    says: 'rows written into your PostgreSQL database',
  },
} as const;
type DestinationType = keyof typeof TYPES;

/** Where the project's logs go, a test event through the real delivery path, and recent deliveries. */
export function DestinationPage() {
  const { project = '' } = useParams({ strict: false });
  if (!can(useRole(project), 'viewDestination')) {
    return <p role="alert">Only admins and owners of the project see and change its destination.</p>;
  }
  return (
    <>
      <h2>Log destination</h2>
      <DestinationForm project={project} />
      <TestEvent project={project} />
      <Deliveries project={project} />
    </>
  );
}

function DestinationForm({ project }: { project: string }) {
  const current = useQuery(projectQuery(project)).data?.project.destination;
  const [type, setType] = useState<DestinationType>(
    typeof current?.type === 'string' && current.type in TYPES ? (current.type as DestinationType) : 'logger',
  );
  const [url, setUrl] = useState('');
  const typeId = useId();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/projects/{project}/destination', {
          params: { path: { project } },
          // An empty URL is sent as absent: the API answers the contract's "… is required" message.
          body: { type, ...(url ? { [TYPES[type].field]: url } : {}) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['project', project] }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label="Destination">
      <p>
        Now: <strong>{String(current?.type ?? 'logger')}</strong>
        {Object.entries(current ?? {})
          .filter(([key]) => key !== 'type')
          .map(([key, value]) => (
            <span key={key}>
              {' '}
              <code>{String(value)}</code>
            </span>
          ))}
      </p>
      <div className="field">
        <label htmlFor={typeId}>Destination type</label>
        <select
          id={typeId}
          value={type}
          onChange={(event) => {
            setType(event.target.value as DestinationType);
            save.reset();
          }}
        >
          {Object.entries(TYPES).map(([value, spec]) => (
            <option key={value} value={value}>
              {value}: {spec.says}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={TYPES[type].label}
        name={TYPES[type].field}
        type="url"
        value={url}
        onChange={setUrl}
        hint={`Sent as ${TYPES[type].field}. Addresses on private networks are refused when delivering.`}
      />
      <ErrorNote error={save.error} />
      <button type="submit" disabled={save.isPending}>
        Save destination
      </button>
      {save.data && (
        <ShownOnce
          message="Destination saved."
          label="Webhook signing secret (shown once)"
          secret={save.data.signingSecret}
        />
      )}
    </form>
  );
}

function TestEvent({ project }: { project: string }) {
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: () =>
      call(api.POST('/api/projects/{project}/destination/test', { params: { path: { project } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['deliveries', project] }),
  });
  const delivery = test.data?.delivery;
  return (
    <div>
      <h3>Test</h3>
      <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
        {test.isPending ? 'Sending…' : 'Send a test event'}
      </button>
      <ErrorNote error={test.error} />
      {delivery && (
        <p role="status" data-testid="test-outcome">
          {delivery.status === 'delivered' && 'Test event delivered.'}
          {delivery.status === 'failed' && `Test event failed: ${delivery.reason}`}
          {delivery.status === 'pending' &&
            (delivery.attempts > 0
              ? `First attempt failed (${delivery.reason}); it is retried.`
              : 'Test event queued; its outcome appears in the deliveries below.')}
          {delivery.status === 'dropped' && 'Test event dropped: the destination is the built-in store.'}
        </p>
      )}
    </div>
  );
}

function Deliveries({ project }: { project: string }) {
  const deliveries = useQuery(deliveriesQuery(project));
  return (
    <>
      <h3>Recent deliveries</h3>
      {deliveries.isPending && <Loading what="deliveries" />}
      <ErrorNote error={deliveries.error} />
      {deliveries.data?.deliveries.length === 0 && <Empty>No deliveries yet.</Empty>}
      {deliveries.data && deliveries.data.deliveries.length > 0 && (
        <table>
          <caption>The 50 most recent deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">Events</th>
              <th scope="col">Attempts</th>
              <th scope="col">Failure reason</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{formatTime(delivery.createdAt)}</td>
                <td>{delivery.status}</td>
                <td>{delivery.events}</td>
                <td>{delivery.attempts}</td>
                <td>{delivery.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
