import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * Where test SQLite files live: in memory when the system offers a memory-backed directory. A test
 * database need not survive a power cut, and each commit's fsync on a busy disk was about a third of the
 * 30-day simulation's time.
 */
export const testFilesDir = ((): string => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
})();
