import { fileURLToPath } from 'node:url';

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Stamps the service worker with a hash of the build, so a new release replaces the cached shell. */
function stampServiceWorker(): Plugin {
  let built = outDir; // the resolved one: tests build elsewhere (--outDir) and swap it into place
  return {
    name: 'tocsin-stamp-sw',
    apply: 'build',
    configResolved(config) {
      built = config.build.outDir;
    },
    closeBundle() {
      const manifest = readFileSync(join(built, 'asset-manifest.json'));
      const id = createHash('sha256').update(manifest).digest('hex').slice(0, 12);
      const sw = join(built, 'sw.js');
      writeFileSync(sw, readFileSync(sw, 'utf8').replace('__BUILD_ID__', id));
    },
  };
}

/** The web UI: built to dist/web, which the api serves at `/` (apps/api/src/web-ui.ts). */
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  plugins: [stampServiceWorker()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The service worker (public/sw.js) lists what to cache from this manifest.
    manifest: 'asset-manifest.json',
  },
  server: {
    // `npm run web:dev`: the api on :3000 answers /graphql (HTTP and WebSocket).
    proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
