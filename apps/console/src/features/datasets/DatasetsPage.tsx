import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { Empty, ErrorNote, Field, formatCount, formatTime, Loading } from '../../ui/primitives';
import { datasetsQuery, statsQuery } from './queries';

export function DatasetsPage() {
  const { project = '' } = useParams({ strict: false });
  return (
    <section>
      <h1>Datasets</h1>
      <DatasetTable project={project} />
      <NewDataset project={project} />
    </section>
  );
}

/** The datasets of a project with their status, rows and last ingest (shared with the overview). */
export function DatasetTable({ project }: { project: string }) {
  const datasets = useQuery(datasetsQuery(project));
  if (datasets.isPending) return <Loading what="datasets" />;
  if (datasets.error) return <ErrorNote error={datasets.error} />;
  if (datasets.data.datasets.length === 0) return <Empty>No datasets yet.</Empty>;
  return (
    <table>
      <caption>Datasets of {project}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Rows</th>
          <th scope="col">Last ingest</th>
        </tr>
      </thead>
      <tbody>
        {datasets.data.datasets.map((dataset) => (
          <tr key={dataset.id}>
            <th scope="row">
              <Link to="/p/$project/datasets/$id" params={{ project, id: String(dataset.id) }}>
                {dataset.name}
              </Link>
            </th>
            <td>{dataset.status === 'active' ? 'active' : 'needs a schema'}</td>
            <Stats project={project} id={dataset.id} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Stats({ project, id }: { project: string; id: number }) {
  const stats = useQuery(statsQuery(project, id));
  if (stats.error) return <td colSpan={2}>{stats.error.message}</td>;
  return (
    <>
      <td>{stats.data ? formatCount(stats.data.stats.rows) : '…'}</td>
      <td>{stats.data ? formatTime(stats.data.stats.lastIngestAt) : '…'}</td>
    </>
  );
}

function NewDataset({ project }: { project: string }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/datasets/{project}', {
          params: { path: { project } },
          body: { name, description: description || undefined },
        }),
      ),
    onSuccess: async ({ dataset }) => {
      await queryClient.invalidateQueries({ queryKey: ['datasets', project] });
      await navigate({ to: '/p/$project/datasets/$id', params: { project, id: String(dataset.id) } });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={onSubmit} aria-label="New dataset">
      <h2>New dataset</h2>
      <Field label="Dataset name" value={name} onChange={setName} required />
      <Field label="Description" value={description} onChange={setDescription} />
      <ErrorNote error={create.error} />
      <button type="submit" disabled={create.isPending}>
        Create dataset
      </button>
    </form>
  );
}
