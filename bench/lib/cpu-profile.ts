import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuCost {
  name: string;
  ms: number;
  percent: number;
}

export interface CpuSummary {
  totalMs: number;
  bySelf: CpuCost[];
  byInclusive: CpuCost[];
  byArea: CpuCost[];
}

const IDLE = new Set(['(idle)', '(root)']);

/**
 * Reads the one .cpuprofile `node --cpu-prof --cpu-prof-dir=<dir>` wrote and ranks where time went,
 * leaving out the first `skipMs` of the process (its start-up: loading and compiling modules).
 */
export function summarizeCpuProfile(dir: string, top = 15, skipMs = 0): CpuSummary {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let elapsedMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsedMs += ms;
    if (elapsedMs >= skipMs) self.set(id, (self.get(id) ?? 0) + ms);
  });

  const selfByName = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const inclusiveByName = new Map<string, number>();
  let totalMs = 0;
  // Inclusive time counts a function once per stack, however deep it recurses.
  const visit = (id: number, onStack: Set<string>): number => {
    const node = nodes.get(id);
    if (!node) return 0;
    const key = frameName(node);
    const own = IDLE.has(node.callFrame.functionName) ? 0 : (self.get(id) ?? 0);
    totalMs += own;
    add(selfByName, key, own);
    add(selfByArea, area(node.callFrame), own);
    const nested = onStack.has(key);
    if (!nested) onStack.add(key);
    let inclusive = own;
    for (const child of node.children ?? []) inclusive += visit(child, onStack);
    if (!nested) {
      onStack.delete(key);
      add(inclusiveByName, key, inclusive);
    }
    return inclusive;
  };
  visit(profile.nodes[0]?.id ?? 0, new Set());

  const rank = (costs: Map<string, number>) =>
    [...costs.entries()]
      .filter(([name]) => !name.startsWith('(root)') && !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((1000 * ms) / totalMs) / 10 }));
  return {
    totalMs: Math.round(totalMs),
    bySelf: rank(selfByName),
    byInclusive: rank(inclusiveByName),
    byArea: rank(selfByArea),
  };
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function frameName({ callFrame }: ProfileNode): string {
  const where = callFrame.url ? ` ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
  return `${callFrame.functionName || '(anonymous)'}${where}`;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const workspace = /\/(apps|packages)\/(.+)$/.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url.replace(/^file:\/\//, '');
}

/** Which library or part of the code a frame belongs to. */
function area({ url, functionName }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8 builtins)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? url.slice(5)}`;
  const modules = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  const workspace = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url;
}

/** The summary as lines: by area, then by function (self and inclusive time). */
export function describeCpuSummary(summary: CpuSummary): string[] {
  return (
    [
      ['by library/area (self time)', summary.byArea],
      ['by function (self time)', summary.bySelf],
      ['by function (inclusive)', summary.byInclusive],
    ] as const
  ).flatMap(([title, costs]) => [
    `profile ${title}:`,
    ...costs.map(
      (cost) => `  ${String(cost.percent).padStart(5)}%  ${String(cost.ms).padStart(6)} ms  ${cost.name}`,
    ),
  ]);
}
