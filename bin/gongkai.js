#!/usr/bin/env node
// The gongkai command: runs the TypeScript sources through tsx (no build step), with the project's
// tsconfig wherever the command is started from.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
