import { useEffect, useRef, useState } from 'react';
import type { LogEvent } from './queries';
import { logsUrl } from './queries';
import { type LogFilters, prependNewest } from './view';

/** Tailed rows kept in memory: older ones fall off, so a tail left open for hours stays flat. */
export const MAX_TAIL_ROWS = 5_000;

export type TailStatus = 'off' | 'connecting' | 'live' | 'paused' | 'failed';

/**
 * Live tail over Server-Sent Events. Pausing closes the stream but keeps its cursor, so resuming
 * brings what arrived meanwhile; changing the filters starts afresh.
 */
export function useLiveTail(project: string, filters: LogFilters, enabled: boolean, paused: boolean) {
  const [events, setEvents] = useState<LogEvent[]>([]);
  const [status, setStatus] = useState<TailStatus>('off');
  const [failure, setFailure] = useState<string>();
  const cursor = useRef<string>(undefined);
  const key = JSON.stringify(filters);

  useEffect(() => {
    cursor.current = undefined;
    setEvents([]);
  }, [key, enabled]);

  useEffect(() => {
    if (!enabled) return setStatus('off');
    if (paused) return setStatus('paused');
    setStatus('connecting');
    const query: Record<string, string> = { q: key };
    if (cursor.current) query.cursor = cursor.current;
    const source = new EventSource(logsUrl(project, 'tail', query));
    const remember = (message: MessageEvent) => {
      if (message.lastEventId) cursor.current = message.lastEventId;
    };
    source.addEventListener('open', (message) => {
      remember(message as MessageEvent);
      setStatus('live');
      setFailure(undefined);
    });
    source.addEventListener('events', (message) => {
      remember(message);
      const arrived = (JSON.parse(message.data) as { events: LogEvent[] }).events;
      setEvents((current) => prependNewest(current, arrived, MAX_TAIL_ROWS));
    });
    source.addEventListener('failure', (message) => {
      setFailure((JSON.parse((message as MessageEvent).data) as { message: string }).message);
    });
    // The browser reconnects by itself (with Last-Event-ID); a refusal (4xx) closes it for good.
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'failed' : 'connecting');
    return () => source.close();
  }, [project, key, enabled, paused]);

  return { events, status, failure };
}
