/**
 * Imported first by the command-line scripts, so that an unsupported Node.js is named in one line saying
 * what to install, instead of a stack trace from deep inside a dependency. The supported range is the one
 * in package.json `engines` (the lowest versions the dependencies accept on each line). Node.js 20.19+
 * still runs Tocsin (it has `require(esm)`, which NestJS 12 needs), but it reached end of life on
 * 2026-04-30, so it only gets the warning; anything older stops.
 */
const LOWEST_SUPPORTED: Record<number, readonly [minor: number, patch: number]> = {
  22: [22, 3],
  24: [15, 0],
};

function parse(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map(Number);
  return [major, minor, patch];
}

function atLeast(
  [, minor, patch]: [number, number, number],
  [lowMinor, lowPatch]: readonly [number, number],
) {
  return minor > lowMinor || (minor === lowMinor && patch >= lowPatch);
}

const running = parse(process.version);
const lowest = LOWEST_SUPPORTED[running[0]];
if (!(lowest && atLeast(running, lowest)) && running[0] < 26) {
  const runs = running[0] > 20 || (running[0] === 20 && running[1] >= 19);
  console.error(
    `${runs ? 'Warning' : 'Error'}: Tocsin supports Node.js 24 LTS (24.15+; 22.22.3+ still works) and this is ${process.version}. ` +
      'Install Node.js 24 from https://nodejs.org/ or your distribution, or run `scripts/node24 npm ci && scripts/node24 npm start` ' +
      '(it fetches the pinned Node.js 24 from the npm registry into ~/.cache/tocsin).',
  );
  if (!runs) process.exit(1);
}
