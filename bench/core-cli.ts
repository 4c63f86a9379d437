/** The core issuance benchmark alone, printing its result as JSON (run pinned to one core by bench/run.ts). */
import { runCoreBench } from './core.js';

console.log(JSON.stringify(await runCoreBench(Number(process.env.BENCH_SECONDS ?? 2))));
