import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { EventDetail, type FilterAction } from './EventDetail';
import type { LogEvent } from './queries';

/** A collapsed row's height, fixed in CSS (.log-line): only an expanded row is measured. */
const ROW_PX = 28;
const estimateSize = () => ROW_PX;

/**
 * Newest first, one line per event; only the rows in view are in the DOM (@tanstack/react-virtual),
 * so tens of thousands stay smooth. Enter or a click expands a row; the list asks for older pages
 * as its end comes into view.
 */
export function LogList(props: {
  events: LogEvent[];
  label: string;
  onEnd?: () => void;
  onFilter?: FilterAction;
  onContext?: (event: LogEvent) => void;
}) {
  const { events, onEnd } = props;
  const scroller = useRef<HTMLElement>(null);
  const [open, setOpen] = useState<string>();
  // Stable callbacks: new ones would make the virtualizer recompute every row's offset at each
  // render. An expanded row has its own key, so its measured height is forgotten when it closes.
  const getItemKey = useCallback(
    (index: number) => {
      const id = events[index]?.id ?? String(index);
      return id === open ? `${id}:open` : id;
    },
    [events, open],
  );
  const getScrollElement = useCallback(() => scroller.current, []);
  const virtual = useVirtualizer({
    count: events.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (events.length > 0 && last >= events.length - 20) onEnd?.();
  }, [last, events.length, onEnd]);
  return (
    <section
      ref={scroller}
      className="log-list"
      // A scrolling region must be reachable by keyboard to be scrolled without a mouse.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
      tabIndex={0}
      aria-label={props.label}
      data-rows={events.length}
    >
      <ol style={{ height: virtual.getTotalSize() }}>
        {items.map((item) => {
          const event = events[item.index];
          if (!event) return null;
          const expanded = open === event.id;
          return (
            <li
              key={item.key}
              ref={expanded ? virtual.measureElement : undefined}
              data-index={item.index}
              style={{ transform: `translateY(${item.start}px)` }}
              className={`log-row level-${event.level}`}
            >
              <button
                type="button"
                className="log-line"
                aria-expanded={expanded}
                onClick={() => setOpen(expanded ? undefined : event.id)}
              >
                <time dateTime={event.timestamp}>{event.timestamp.replace('T', ' ').slice(0, 23)}</time>
                <span className="level">{event.level}</span>
                <span className="message">{event.message}</span>
              </button>
              {expanded && (
                <EventDetail event={event} onFilter={props.onFilter} onContext={props.onContext} />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
