import { rmSync } from 'node:fs';
import { makeTestTls } from './tls.js';

/** Runs once before the test workers start; the workers inherit the environment set here. */
export default function setup(): () => void {
  const tls = makeTestTls();
  process.env.BADGES_TEST_TLS_DIR = tls.dir;
  process.env.NODE_EXTRA_CA_CERTS = tls.caCertPath;
  return () => rmSync(tls.dir, { recursive: true, force: true });
}
