import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';

import type { SignedCheckpoint } from './audit-checkpoint';
import { writeCheckpointFile } from './checkpoint-directory';

/** Somewhere outside the database that keeps a copy of every checkpoint. */
export interface CheckpointSink {
  readonly name: string;
  write(checkpoint: SignedCheckpoint): Promise<void>;
}

/** Sends mail to the auditors; provided by the worker over the notification SMTP transport. */
export interface CheckpointMailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}
export const AUDIT_CHECKPOINT_MAILER = Symbol('AUDIT_CHECKPOINT_MAILER');

/** One JSON file per checkpoint (see writeCheckpointFile). */
export class DirectorySink implements CheckpointSink {
  readonly name = 'directory';
  constructor(private readonly directory: string) {}

  async write(checkpoint: SignedCheckpoint): Promise<void> {
    await writeCheckpointFile(this.directory, checkpoint);
  }
}

/**
 * One RFC 5424 message over UDP, facility "log audit" (13), severity informational:
 * `<110>1 <time> <host> tocsin - AUDIT_CHECKPOINT - <checkpoint JSON>`.
 */
export class SyslogSink implements CheckpointSink {
  readonly name = 'syslog';
  private readonly socket = createSocket('udp4');
  private readonly host =
    hostname()
      .replace(/[^\x21-\x7e]/g, '')
      .slice(0, 255) || '-';

  constructor(private readonly target: { host: string; port: number }) {
    this.socket.unref();
  }

  write(checkpoint: SignedCheckpoint): Promise<void> {
    const line = `<110>1 ${checkpoint.createdAt} ${this.host} tocsin - AUDIT_CHECKPOINT - ${JSON.stringify(checkpoint)}`;
    return new Promise((resolve, reject) =>
      this.socket.send(line, this.target.port, this.target.host, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  close(): void {
    this.socket.close();
  }
}

/** The checkpoint as the body of a plain-text mail, to paste into `--checkpoints` later. */
export class EmailSink implements CheckpointSink {
  readonly name = 'email';
  constructor(
    private readonly mailer: CheckpointMailer,
    private readonly to: string,
  ) {}

  write(checkpoint: SignedCheckpoint): Promise<void> {
    return this.mailer.send({
      to: this.to,
      subject: `Tocsin audit checkpoint ${checkpoint.sequence} (${checkpoint.createdAt})`,
      text:
        'Signed checkpoint of the Tocsin audit chain. Keep this message; save the JSON below as a ' +
        'file to check the database with `npm run audit:verify -- --checkpoints DIR`.\n\n' +
        `${JSON.stringify(checkpoint, null, 2)}\n`,
    });
  }
}
