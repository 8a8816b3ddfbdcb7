import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { ErrorNote, formatCount, Loading } from '../../ui/primitives';
import { DatasetTable } from '../datasets/DatasetsPage';
import { usageQuery } from './queries';

const BUCKET_NAMES = { datasets: 'Dataset records this month', logs: 'Logs this month' } as const;

export function OverviewPage() {
  const { project = '' } = useParams({ strict: false });
  const usage = useQuery(usageQuery(project));
  return (
    <section>
      <h1>{project}</h1>
      <h2>Usage ({usage.data?.period ?? 'this month'}, UTC)</h2>
      {usage.isPending && <Loading what="usage" />}
      <ErrorNote error={usage.error} />
      <div className="meters">
        {usage.data?.buckets.map((bucket) => (
          <div key={bucket.bucket} className="meter">
            <span id={`usage-${bucket.bucket}`}>{BUCKET_NAMES[bucket.bucket]}</span>
            {/* An unlimited bucket has nothing to fill: a full bar would read as "at the limit". */}
            {bucket.limit !== -1 && (
              <meter
                aria-labelledby={`usage-${bucket.bucket}`}
                min={0}
                max={bucket.limit}
                value={bucket.used}
              />
            )}
            <span>
              {formatCount(bucket.used)} of {bucket.limit === -1 ? 'unlimited' : formatCount(bucket.limit)}
              {bucket.scope === 'owner' ? ' (all projects of the owner)' : ''}
            </span>
          </div>
        ))}
      </div>
      <h2>Datasets</h2>
      <DatasetTable project={project} />
    </section>
  );
}
