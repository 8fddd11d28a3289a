/**
 * Reads one line without showing it: from a terminal (raw mode, nothing echoed) or, with `fromStdin`,
 * the first line of stdin (`printf '%s\n' "$PASSWORD" | npm run create-admin -- … --password-stdin`).
 */
export async function readSecret(options: { prompt?: string; fromStdin?: boolean }): Promise<string> {
  const stdin = process.stdin;
  if (options.fromStdin) {
    let text = '';
    for await (const chunk of stdin) {
      text += (chunk as Buffer).toString('utf8');
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0];
  }
  // Echo off before the prompt shows: whatever is typed after seeing it is never displayed.
  stdin.setRawMode(true);
  stdin.resume();
  process.stderr.write(options.prompt ?? '');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(typed);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            reject(new Error('Cancelled; nothing was changed'));
            return;
          }
          if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
          else typed += char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}
