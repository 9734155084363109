// Moved to src/db (the cycle lock is persistence); this path stays for the watch's imports.
export * from '../../db/repos/cycleLock.js';
