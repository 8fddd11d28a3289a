/**
 * On SIGTERM/SIGINT: close the application (Nest runs its shutdown hooks: the HTTP server stops
 * accepting and drains, BullMQ workers finish the job in hand, then database and Redis
 * connections close) and exit 0. A stuck close is cut short after `timeoutSeconds`.
 */
export function exitGracefullyOnSignals(
  app: { close(): Promise<void> },
  timeoutSeconds: number,
  log: (line: string) => void,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: finishing work in hand and closing connections`);
    setTimeout(() => {
      log(`Did not stop within ${timeoutSeconds}s; exiting`);
      process.exit(1);
    }, timeoutSeconds * 1000).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`Error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
