import { createRequire } from 'node:module';
import type * as Lark from '@larksuiteoapi/node-sdk';

/**
 * The official Feishu SDK, loaded with `require`. It is one CommonJS file of 6 MB (12 MB of text in memory:
 * its comments are Chinese), and on Node 24, the image's runtime, an ES `import` of it keeps that text twice
 * for the life of the process (seen in a heap snapshot; `require` keeps it once, as Node 20 does either way).
 * Its types come from the same package: `Lark.Client` and the like.
 */
export const lark = createRequire(import.meta.url)('@larksuiteoapi/node-sdk') as typeof Lark;
export type { Lark };
