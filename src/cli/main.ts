import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { reportError } from './run.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; a usage mistake exits 2 (commander already printed why).
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(err);
  }
}
