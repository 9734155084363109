// Moved to the domain (pure); this path stays for the watch's imports.
export * from '../../domain/decide.js';
