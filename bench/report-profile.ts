import 'reflect-metadata';

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { reportOverHttp } from './incidents';

/**
 * `npm run bench:profile`: the api in a child process under V8's CPU profiler, reportIncident
 * load at 16 clients from this process (so the load generator is not in the profile), then the
 * profile's self time grouped by where the code lives, largest first.
 */
const SECONDS = Number(process.env.BENCH_REPORT_SECONDS ?? 20);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (or @scope/pkg), our own libs/<lib>, node:internals, or the VM itself. */
function placeOf(url: string): string {
  if (!url) return '(native / GC / idle)';
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return nm[1];
  const own = url.match(/\/(libs\/[^/]+|apps\/[^/]+)\//);
  if (own) return own[1];
  if (url.startsWith('node:')) return 'node core';
  return url;
}

/**
 * Self time, as a share of the busy time (idle and the profiler's own stop left out). A native
 * or Node-internal frame (GC aside) is charged to the nearest caller outside Node, so "pg" includes the
 * socket writes pg asks for and "jsonwebtoken" the key parsing it triggers.
 */
export function summarise(profile: Profile): { byPlace: [string, number][]; byFunction: [string, number][] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    let place = '';
    let inspector = false;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = nodes.get(cur)!.callFrame.url;
      if (url.startsWith('node:inspector')) inspector = true;
      if (!place && url && !url.startsWith('node:')) place = placeOf(url);
    }
    if (inspector) continue;
    if (!place || frame.functionName.startsWith('(')) place = '(GC / VM)';
    total += us;
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const share = (m: Map<string, number>): [string, number][] =>
    [...m].map(([k, v]): [string, number] => [k, (100 * v) / total]).sort((a, b) => b[1] - a[1]);
  return { byPlace: share(byPlace), byFunction: share(byFunction) };
}

function printSummary(file: string): void {
  const { byPlace, byFunction } = summarise(JSON.parse(readFileSync(file, 'utf8')));
  console.log(`profile (open in Chrome DevTools or speedscope for the flame graph): ${file}`);
  console.log('self time by place (share of busy time):');
  for (const [k, v] of byPlace.slice(0, 15)) console.log(`  ${v.toFixed(1).padStart(5)} %  ${k}`);
  console.log('self time by function:');
  for (const [k, v] of byFunction.slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(5)} %  ${k}`);
}

async function main(): Promise<void> {
  // PROFILE=<file>: summarise a profile taken earlier.
  if (process.env.PROFILE) return printSummary(process.env.PROFILE);
  const file = join(mkdtempSync(join(tmpdir(), 'tocsin-prof-')), 'report.cpuprofile');
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'bench/report-server.ts'],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' } },
  );
  const lines = createInterface({ input: child.stdout });
  const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const ready = JSON.parse(await nextLine()) as { url: string; token: string; agencyId: string };
  await reportOverHttp(ready.url, ready.token, ready.agencyId, 3); // warm-up: JIT, pools
  child.stdin.write('start\n');
  await nextLine();
  const http = await reportOverHttp(ready.url, ready.token, ready.agencyId, SECONDS);
  console.log(JSON.stringify({ rps: http.requests.average, p50: http.latency.p50, p99: http.latency.p99 }));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.write(`stop ${file}\n`);
  await exited;
  printSummary(file);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
