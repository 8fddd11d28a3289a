import 'reflect-metadata';

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';

import { TestApi } from '../test/support/test-app';
import { LOAD_ENV } from './incidents';

/**
 * The api that bench/report-profile.ts profiles. Prints where to reach it; on the line "start"
 * (stdin) starts V8's CPU profiler — the one `node --cpu-prof` uses — so start-up and ts-node's
 * compiling stay out of the profile; on "stop <file>" writes the .cpuprofile and exits.
 */
async function main(): Promise<void> {
  const api = await TestApi.start(LOAD_ENV);
  const token = await api.login('coordinator@tocsin.local');
  const agencyId = await api.idOf('agency', 'SYT');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  console.log(JSON.stringify({ url: api.url, token, agencyId }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'start') {
      await session.post('Profiler.start');
      console.log('started');
    } else if (line.startsWith('stop ')) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(line.slice(5), JSON.stringify(profile));
      await api.stop();
      process.exit(0);
    }
  }
}

void main();
