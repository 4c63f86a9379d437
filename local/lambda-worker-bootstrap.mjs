// The first module a function's worker thread runs: it teaches the thread TypeScript (tsx) before loading
// the worker loop, because worker threads do not inherit the parent's module loader hooks.
import { register } from 'tsx/esm/api';

register();
await import('./lambda-worker.ts');
