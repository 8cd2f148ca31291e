#!/usr/bin/env node
// Runs the TypeScript CLI through tsx: the server has no build step (workspace exports point at src/*.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
