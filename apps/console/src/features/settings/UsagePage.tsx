import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { ErrorNote, formatCount, Loading } from '../../ui/primitives';
import { usageQuery } from '../projects/queries';

const BUCKETS = { datasets: 'Dataset records', logs: 'Logs' } as const;
type Bucket = keyof typeof BUCKETS;

/** One bucket's use in one month against its limit: a bar, unless the bucket is unlimited. */
function UsageBar(props: { label: string; used: number; limit: number }) {
  const unlimited = props.limit === -1;
  return (
    <div className="meter">
      <span>{props.label}</span>
      {!unlimited && <meter aria-label={props.label} min={0} max={props.limit} value={props.used} />}
      <span>
        {formatCount(props.used)} of {unlimited ? 'unlimited' : formatCount(props.limit)}
      </span>
    </div>
  );
}

/** This month and the months before, per quota bucket, against the limit. */
export function UsagePage() {
  const { project = '' } = useParams({ strict: false });
  const usage = useQuery(usageQuery(project));
  if (usage.isPending) return <Loading what="usage" />;
  if (usage.error) return <ErrorNote error={usage.error} />;
  const limits = new Map(usage.data.buckets.map((bucket) => [bucket.bucket as Bucket, bucket.limit]));
  const months = [{ period: usage.data.period, buckets: usage.data.buckets }, ...usage.data.history];
  return (
    <>
      <h2>Usage and quotas</h2>
      <p>
        At the limit, the gateway refuses further records or logs of that bucket with 429 (quota details in
        the body) until the next month starts (UTC); nothing already accepted is dropped.
      </p>
      <p className="muted">
        Dataset records count for all projects of the owner; logs for this project. Earlier months are shown
        against today's limit.
      </p>
      {months.map((month) => (
        <section key={month.period} aria-label={`Usage in ${month.period}`} className="meters">
          <h3>
            {month.period}
            {month.period === usage.data.period ? ' (this month)' : ''}
          </h3>
          {month.buckets.map((bucket) => (
            <UsageBar
              key={bucket.bucket}
              label={`${BUCKETS[bucket.bucket]} in ${month.period}`}
              used={bucket.used}
              limit={limits.get(bucket.bucket) ?? -1}
            />
          ))}
        </section>
      ))}
      {usage.data.history.length === 0 && <p className="muted">No usage recorded in earlier months.</p>}
    </>
  );
}
