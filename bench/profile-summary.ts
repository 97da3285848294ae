// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`): busy self time per function and per package, hottest first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  selfMs: number;
  share: number;
}

/** Where a script lives, short: node_modules/<package> or the repository-relative path. */
export function ownerOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return url;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  const dist = /\/dist\/(.*)$/.exec(url);
  return dist ? dist[1]! : path.basename(url);
}

const IDLE = new Set(['(idle)', '(program)']);

/**
 * Self time per key, from the sample deltas (more exact than hitCount x interval). Idle samples and everything in the
 * first skipMs (start-up: module loading, password hashing) are left out, so shares are shares of the busy time under load.
 */
export function selfTimes(profile: CpuProfile, keyOf: (node: ProfileNode) => string, skipMs = 0): HotSpot[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  let at = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    at += delta;
    const node = byId.get(id);
    if (!node || at < skipMs || IDLE.has(node.callFrame.functionName)) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + delta);
    all += delta;
  });
  return [...totals].map(([name, selfMs]) => ({ name, selfMs, share: all ? selfMs / all : 0 })).sort((a, b) => b.selfMs - a.selfMs);
}

function summarize(file: string, top: number, skipMs: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const line = (spot: HotSpot) => `${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.selfMs.toFixed(0).padStart(7)} ms  ${spot.name}`;
  const functions = selfTimes(profile, (node) => `${node.callFrame.functionName || '(anonymous)'}  ${ownerOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`, skipMs);
  const owners = selfTimes(profile, (node) => (node.callFrame.url ? ownerOf(node.callFrame.url) : node.callFrame.functionName || '(native / V8)'), skipMs);
  const busyMs = owners.reduce((sum, spot) => sum + spot.selfMs, 0);
  return [`# ${path.basename(file)}: ${busyMs.toFixed(0)} ms busy after the first ${skipMs / 1000} s`, '', 'Self time by package / file:', ...owners.slice(0, top).map(line), '', 'Self time by function:', ...functions.slice(0, top).map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { skip: { type: 'string', default: '5' }, top: { type: 'string', default: '25' } } });
  if (positionals.length === 0) {
    process.stderr.write('usage: node dist/bench/profile-summary.js [--skip SECONDS] [--top N] FILE.cpuprofile [...]\n');
    process.exit(2);
  }
  for (const file of positionals) process.stdout.write(`${summarize(file, Number(values.top), Number(values.skip) * 1000)}\n\n`);
}
