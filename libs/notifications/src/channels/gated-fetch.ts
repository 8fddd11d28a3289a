import { AsyncLocalStorage } from 'node:async_hooks';

import { ClaimLost, HandOver } from './channel';

/** The hand-over of the send in progress, for fetches made by a library (node-telegram-bot-api). */
export const handOverContext = new AsyncLocalStorage<HandOver>();

/**
 * `fetch` whose request body is held back until the hand-over is recorded: the connection is made
 * and the headers go first, then the body is pulled (a stream with no read-ahead), and only then
 * is the delivery marked "may have been sent". A process that dies before that leaves an
 * incomplete request, which no HTTP server acts on, and a row that goes back to pending.
 */
export async function gatedFetch(
  input: string | URL | Request,
  init: RequestInit = {},
  handOver: HandOver | undefined = handOverContext.getStore(),
): Promise<Response> {
  if (!handOver || init.body === undefined || init.body === null) return fetch(input, init);
  const bytes = new Uint8Array(await new Response(init.body).arrayBuffer());
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!(await handOver())) return controller.error(new ClaimLost());
          controller.enqueue(bytes);
          controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
  const headers = new Headers(init.headers);
  headers.set('content-length', String(bytes.byteLength));
  return fetch(input, { ...init, headers, body, duplex: 'half' });
}
