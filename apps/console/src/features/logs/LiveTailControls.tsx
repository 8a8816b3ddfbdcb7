import { formatCount } from '../../ui/primitives';
import type { TailStatus } from './useLiveTail';

type State = { live: boolean; paused: boolean };

/** Start, pause, resume and stop the live tail; its state is announced (role="status"). */
export function LiveTailControls(
  props: State & { status: TailStatus; arrived: number; onChange: (next: State) => void },
) {
  const { live, paused, onChange } = props;
  return (
    <>
      {live ? (
        <button type="button" className="small" onClick={() => onChange({ live, paused: !paused })}>
          {paused ? 'Resume live tail' : 'Pause live tail'}
        </button>
      ) : (
        <button type="button" className="small" onClick={() => onChange({ live: true, paused: false })}>
          Start live tail
        </button>
      )}
      {live && (
        <button type="button" className="small" onClick={() => onChange({ live: false, paused: false })}>
          Stop live tail
        </button>
      )}
      <span className="muted" role="status">
        {live
          ? `Live tail: ${props.status}${props.arrived ? `, ${formatCount(props.arrived)} new` : ''}`
          : ''}
      </span>
    </>
  );
}
