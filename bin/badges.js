#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so `npx badges` works straight after install.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
