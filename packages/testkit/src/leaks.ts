/** What must not appear: one spelling of a known secret, or a pattern for a kind of secret. */
export interface Needle {
  label: string;
  find: string | RegExp;
}

/** Text to search, named by where it came from; `allowed` values are where they belong here. */
export interface Haystack {
  where: string;
  text: string;
  allowed?: readonly string[];
}

export interface Leak {
  where: string;
  line: number;
  label: string;
  /** The line around the find, with every secret in it masked by its label. */
  context: string;
}

const CONTEXT_CHARS = 60;

/** Every place a needle occurs in the haystacks, by line. */
export function findLeaks(haystacks: Iterable<Haystack>, needles: readonly Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const haystack of haystacks) {
    let text = haystack.text;
    for (const value of haystack.allowed ?? []) text = text.replaceAll(value, '[allowed]');
    const starts = lineStarts(text);
    for (const needle of needles) {
      for (const offset of occurrences(text, needle.find)) {
        const line = lineOf(starts, offset);
        const lineText = text.slice(starts[line - 1], (starts[line] ?? text.length + 1) - 1);
        leaks.push({
          where: haystack.where,
          line,
          label: needle.label,
          context: masked(lineText, needles, needle),
        });
      }
    }
  }
  return leaks;
}

/** One leak a line, at most `max` of them, for an assertion message or a teardown error. */
export function describeLeaks(leaks: readonly Leak[], max = 40): string {
  const shown = leaks
    .slice(0, max)
    .map((leak) => `  ${leak.where}:${leak.line} ${leak.label}: ${leak.context}`);
  const more = leaks.length > max ? [`  … and ${leaks.length - max} more`] : [];
  return [...shown, ...more].join('\n');
}

function occurrences(text: string, find: string | RegExp): number[] {
  if (typeof find === 'string') {
    const found: number[] = [];
    for (let at = text.indexOf(find); at !== -1 && find !== ''; at = text.indexOf(find, at + 1))
      found.push(at);
    return found;
  }
  return [...text.matchAll(globalOf(find))].map((match) => match.index);
}

function globalOf(find: RegExp): RegExp {
  return new RegExp(find.source, find.flags.includes('g') ? find.flags : `${find.flags}g`);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** 1-based line of `offset` (binary search over line starts). */
function lineOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

// Masks every needle, so the report can be printed without spreading the secrets it found.
function masked(line: string, needles: readonly Needle[], found: Needle): string {
  let text = line;
  for (const needle of needles) {
    if (needle.find === '') continue;
    const find = typeof needle.find === 'string' ? needle.find : globalOf(needle.find);
    text = text.replaceAll(find, `«${needle.label}»`);
  }
  const at = Math.max(0, text.indexOf(`«${found.label}»`));
  const from = Math.max(0, at - CONTEXT_CHARS);
  const to = Math.min(text.length, at + found.label.length + 2 + CONTEXT_CHARS);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}
