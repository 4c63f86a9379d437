// Runs one emulated service (dynalite or s3rver) in its own worker thread, so that DynamoDB, S3 and the rest of
// the local cloud (event plane, HTTP API, CDN) each have an event loop of their own and use every core.
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import S3rver from 's3rver';

const { kind, options } = workerData;
let close;
if (kind === 'dynalite') {
  const server = dynalite(options);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, resolve);
  });
  close = () => new Promise((resolve) => server.close(() => resolve()));
  parentPort.postMessage({ ready: true, port: server.address().port });
} else if (kind === 's3rver') {
  const s3rver = new S3rver(options);
  const address = await s3rver.run();
  close = async () => {
    const server = s3rver.httpServer;
    if (server) {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    }
  };
  parentPort.postMessage({ ready: true, port: address.port });
} else {
  throw new Error(`unknown service ${kind}`);
}
parentPort.on('message', async (message) => {
  if (message === 'stop') {
    await close();
    parentPort.postMessage({ stopped: true });
  }
});
