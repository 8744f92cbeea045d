/**
 * A worker-like child for the crash tests: builds a SessionPool by hand (tsx emits no
 * decorator metadata), opens one context with a page, prints its browsers' pids, then waits.
 * Usage: node --import tsx test/support/session-pool-child.ts <dataDir> [url]
 */
import { SessionPool } from '../../src/linkedin/session/session-pool';

async function main(): Promise<void> {
  const [dataDir, url] = process.argv.slice(2);
  const pool = new SessionPool({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    dataDir,
    maxContexts: 2,
    contextMaxJobs: 10,
    contextMaxAgeMs: 3_600_000,
    contextIdleMs: 3_600_000,
    closeTimeoutMs: 5_000,
  });
  pool.start();
  const pooled = await pool.acquire('crash-test', () => ({
    loginKey: 'crash-test',
    proxy: null,
    storageState: null,
  }));
  await pooled.page.goto(url ?? 'about:blank');
  process.stdout.write(`${JSON.stringify({ ready: true, browserPids: pool.browserPids() })}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
