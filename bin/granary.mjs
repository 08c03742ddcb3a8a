#!/usr/bin/env node
// Runs the TypeScript sources directly (esbuild transpiles on load): no build step between clone and start.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
