/**
 * `npm run bench`: every benchmark of the project, in one run, reported as rates and as ratios against baselines
 * measured in the same run. Pin it to one core for stable figures: `taskset -c 0 npm run bench`.
 */
import { printCoreBench, runCoreBench } from './core.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 2);
console.log(`# core issuance (${seconds} s per measurement)`);
printCoreBench(await runCoreBench(seconds));
