import { write, writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/** Buffered log text beyond this is dropped (a reader that stopped reading must not grow the heap). */
const MAX_BUFFERED = 8 * 1024 * 1024;
/** At exit, how long a full pipe may hold up the last lines before they are dropped. */
const EXIT_FLUSH_TRIES = 20;
const EXIT_FLUSH_WAIT_MS = 10;

export type FdDestination = DestinationStream & { flushSync(): void };

/**
 * Log lines to a file descriptor (stderr), written in the background so a slow reader never stalls a
 * request, and flushed synchronously when the process exits.
 *
 * Not pino's default (sonic-boom): its flushSync retries a failed write every 100 ms for ever, EPIPE
 * included, and pino calls it on exit. With the reader gone (`airgate serve 2>&1 | head -c 50`) a process
 * that exited with a line still buffered froze there, signals and the shutdown timer unanswered. Here a
 * write that fails for any reason but a full pipe (EAGAIN) ends logging to this descriptor: the lines are
 * dropped and the process carries on or exits.
 */
export function fdDestination(fd: number): FdDestination {
  let pending: string[] = [];
  let pendingBytes = 0;
  let writing = false;
  let broken = false;

  const take = (): Buffer => {
    const chunk = Buffer.from(pending.join(''));
    pending = [];
    pendingBytes = 0;
    return chunk;
  };

  const pump = (): void => {
    if (writing || broken || pending.length === 0) return;
    writing = true;
    send(take(), 0);
  };

  const send = (chunk: Buffer, offset: number): void => {
    write(fd, chunk, offset, chunk.length - offset, null, (err, n) => {
      if (err) {
        if (err.code === 'EAGAIN') {
          setTimeout(() => send(chunk, offset), 50).unref();
          return;
        }
        giveUp();
        return;
      }
      if (offset + n < chunk.length) return send(chunk, offset + n);
      writing = false;
      pump();
    });
  };

  const giveUp = (): void => {
    broken = true;
    writing = false;
    pending = [];
    pendingBytes = 0;
  };

  return {
    write(line: string): void {
      if (broken || pendingBytes + line.length > MAX_BUFFERED) return;
      pending.push(line);
      pendingBytes += line.length;
      pump();
    },
    flushSync(): void {
      if (broken || pending.length === 0) return;
      const chunk = take();
      let offset = 0;
      let tries = 0;
      while (offset < chunk.length) {
        try {
          offset += writeSync(fd, chunk, offset, chunk.length - offset);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || (tries += 1) > EXIT_FLUSH_TRIES) {
            giveUp();
            return;
          }
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, EXIT_FLUSH_WAIT_MS);
        }
      }
    },
  };
}

let stderr: FdDestination | undefined;

/** The process's one stderr destination, flushed once on exit whatever the number of loggers. */
export function stderrDestination(): FdDestination {
  if (!stderr) {
    const dest = fdDestination(2);
    process.once('exit', () => dest.flushSync());
    stderr = dest;
  }
  return stderr;
}
