import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the UI (apps/web/vite.config.mts). */
export const WEB_ROOT = join(process.cwd(), 'dist', 'web');

/**
 * The client-side routes of the UI (apps/web/src/app.tsx). Only these get index.html, so every other
 * unknown path keeps its plain 404, and the api's own routes (/graphql, /healthz, /readyz, /metrics,
 * webhooks) are untouched.
 */
export const SPA_ROUTES = [
  '/',
  '/signin',
  '/queue',
  '/queue/*',
  '/inbox',
  '/reports',
  '/report',
  '/settings',
  '/dashboard',
  '/admin',
  '/admin/*',
  '/incidents/*',
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface WebFile {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  cacheControl: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Reads the built UI once: a few hundred KB, served from memory, text pre-compressed with gzip. */
function load(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  for (const path of walk(root)) {
    const url = `/${relative(root, path).split(sep).join('/')}`;
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const body = readFileSync(path);
    const compressible = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type) && body.length > 1024;
    files.set(url, {
      body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : undefined,
      type,
      // Hashed names never change; the shell, the manifest and the service worker must be re-checked.
      cacheControl: url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  return files;
}

/**
 * Serves the built web UI on the api's own port. Does nothing when the UI has not been built
 * (`npm run build:web`), so the api runs without it.
 */
export function serveWebUi(app: NestFastifyApplication, root: string = WEB_ROOT): boolean {
  if (!existsSync(join(root, 'index.html'))) return false;
  const files = load(root);
  const fastify = app.getHttpAdapter().getInstance();
  const send = (file: WebFile, request: FastifyRequest, reply: FastifyReply) => {
    reply
      .header('content-type', file.type)
      .header('cache-control', file.cacheControl)
      .header('vary', 'accept-encoding');
    const accepts = String(request.headers['accept-encoding'] ?? '');
    if (file.gzip && /\bgzip\b/.test(accepts)) {
      return reply.header('content-encoding', 'gzip').send(file.gzip);
    }
    return reply.send(file.body);
  };
  const shell = files.get('/index.html')!;
  for (const [url, file] of files) {
    if (url === '/index.html') continue;
    fastify.get(url, (request: FastifyRequest, reply: FastifyReply) => send(file, request, reply));
  }
  for (const url of SPA_ROUTES) {
    fastify.get(url, (request: FastifyRequest, reply: FastifyReply) => send(shell, request, reply));
  }
  return true;
}
