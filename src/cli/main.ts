import { CommanderError } from 'commander';
import { programFor } from './program.js';

try {
  // Only the module of the command being run is loaded (see program.ts): `--help` loads none.
  await (await programFor(process.argv)).parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; a usage mistake exits 2 (commander already printed why).
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    // Loaded on failure only: the error texts are not needed to print help.
    const { reportError } = await import('./run.js');
    process.exitCode = reportError(err);
  }
}
