/**
 * `npm run bench`: every benchmark of the project in one run, reported as rates and as ratios against baselines
 * measured in the same run (the machines are shared and noisy: compare ratios, not absolute figures).
 * The core issuance figures are measured in a child process pinned to one core (`taskset -c 0`, where the
 * machine has it); the local cloud and the pipeline use every core, as they would. Set BENCH_SECONDS for longer
 * measurements and BENCH_PIPELINE_EVENTS for the size of the pipeline burst.
 */
import { execFileSync } from 'node:child_process';

import { measureStartup } from '../local/bench.js';
import { runEventsBenchmark } from '../local/events/bench.js';
import { printApiBench, runApiBench } from './api.js';
import { printCoreBench, type runCoreBench } from './core.js';
import { runPipelineBench } from './pipeline.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const pipelineEvents = Number(process.env.BENCH_PIPELINE_EVENTS ?? 10_000);

const coreCommand = [process.execPath, '--import', 'tsx', new URL('./core-cli.ts', import.meta.url).pathname];
let pinned = true;
let coreOutput: string;
try {
  coreOutput = execFileSync('taskset', ['-c', '0', ...coreCommand], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
} catch {
  pinned = false;
  coreOutput = execFileSync(coreCommand[0] as string, coreCommand.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}
const core = JSON.parse(coreOutput.trim().split('\n').pop() as string) as Awaited<
  ReturnType<typeof runCoreBench>
>;
console.log(
  `# core issuance, ${pinned ? 'one core' : 'not pinned (no taskset)'} (${seconds} s per measurement)`,
);
printCoreBench(core);

console.log('\n# local cloud start (synthesis, services, issuer seed), in memory');
const startup = await measureStartup();
console.log(
  `ready in ${startup.readyMs.toFixed(0)} ms (synthesis ${startup.synthesisMs.toFixed(0)}, services ${startup.servicesMs.toFixed(0)}, ` +
    `custom resources ${startup.customResourcesMs.toFixed(0)}); first API answer ${startup.firstApiResponseMs.toFixed(0)} ms, ` +
    `warm ${startup.warmApiResponseMs.toFixed(1)} ms; stop ${startup.stopMs.toFixed(0)} ms`,
);

console.log(
  '\n# local event plane: PutEvents → rule → durable queue → function (no-op handler), 10,000 events on disk',
);
const events = await runEventsBenchmark({ events: 10_000 });
console.log(
  `${events.throughputPerSecond.toFixed(0)} events/s; PutEvents → function latency p50 ${events.latencyMs.p50.toFixed(1)} ms, ` +
    `p99 ${events.latencyMs.p99.toFixed(1)} ms`,
);

console.log(
  `\n# award pipeline on the local cloud: ${pipelineEvents} Participation Recorded events, one award each`,
);
const pipeline = await runPipelineBench(pipelineEvents);
console.log(
  `${pipeline.awards} awards in ${pipeline.seconds.toFixed(1)} s = ${pipeline.awardsPerSecond.toFixed(1)} awards/s; ` +
    `event → published latency p50 ${pipeline.latencyMs.p50.toFixed(0)} ms, p99 ${pipeline.latencyMs.p99.toFixed(0)} ms (a burst: queueing included)`,
);
console.log(
  `ratio pipeline / core issuance: ${(pipeline.awardsPerSecond / core.rates.a.perSecond).toFixed(4)}`,
);

console.log("\n# organisers' API on the local cloud: bulk award of 10,000 rows, 1,000 revocations");
printApiBench(await runApiBench());
