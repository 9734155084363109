export * from './actor.js';
export * from './policies.js';
export * from './authorize.js';
