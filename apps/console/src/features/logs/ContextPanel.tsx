import { useQuery } from '@tanstack/react-query';
import { ErrorNote, Loading } from '../../ui/primitives';
import { LogList } from './LogList';
import { contextQuery, type LogEvent } from './queries';

/** The project's events around one, whatever the filters; its close button takes the focus. */
export function ContextPanel(props: { project: string; event: LogEvent; onClose: () => void }) {
  const around = useQuery(contextQuery(props.project, props.event.id));
  return (
    <section className="log-context" aria-label={`Context of event ${props.event.id}`}>
      <h2>
        Around {props.event.timestamp.replace('T', ' ').slice(0, 23)}{' '}
        {/* biome-ignore lint/a11y/noAutofocus: the panel opened on request; focus follows the reader there */}
        <button type="button" className="small" onClick={props.onClose} autoFocus>
          Close context
        </button>
      </h2>
      {around.isPending && <Loading what="the context" />}
      <ErrorNote error={around.error} />
      {around.data && <LogList events={around.data.events} label="Events around it, newest first" />}
    </section>
  );
}
