import { formatCount } from '../../ui/primitives';
import { LEVEL_COLORS } from './VolumeChart';
import { type ChangeView, LEVELS, type LogsView, selectedLevels } from './view';

/** A checkbox per level with its count in the range (counted whatever levels are chosen). */
export function LevelFacets(props: {
  view: LogsView;
  counts?: Record<(typeof LEVELS)[number], string>;
  onChange: ChangeView;
}) {
  const chosen = selectedLevels(props.view);
  const toggle = (level: (typeof LEVELS)[number]) =>
    props.onChange((current) => {
      const before = selectedLevels(current);
      const next = before.includes(level) ? before.filter((other) => other !== level) : [...before, level];
      if (next.length === 0) return current; // at least one level stays chosen
      const levels =
        next.length === LEVELS.length ? undefined : LEVELS.filter((item) => next.includes(item)).join(',');
      return { ...current, levels };
    });
  return (
    <fieldset className="facets">
      <legend>Levels</legend>
      {LEVELS.map((level) => (
        <label key={level} className="check">
          <input type="checkbox" checked={chosen.includes(level)} onChange={() => toggle(level)} />
          <span className="swatch" style={{ background: LEVEL_COLORS[level] }} aria-hidden="true" /> {level}{' '}
          <span className="muted" data-testid={`level-count-${level}`}>
            {props.counts ? formatCount(props.counts[level]) : '…'}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
