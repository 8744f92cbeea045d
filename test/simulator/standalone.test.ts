import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/simulator';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('the standalone simulator', () => {
  it('listens on PORT with the demo dataset and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '../../src/simulator/main.ts')],
      {
        env: { PATH: process.env.PATH ?? '', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes('listening on') && Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`simulator exited early:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toContain(`LinkedIn simulator listening on http://127.0.0.1:${port}`);

      const feed = await fetch(`http://127.0.0.1:${port}/feed/`, {
        headers: { cookie: `li_at=${DEMO.account.liAt}` },
        redirect: 'manual',
      });
      expect(feed.status).toBe(200);
      const state = (await fetch(`http://127.0.0.1:${port}/__sim/state`).then((response) =>
        response.json(),
      )) as { members: number };
      expect(state.members).toBeGreaterThan(DEMO.searchResults);
    } finally {
      child.kill('SIGTERM');
    }
    await expect(exited).resolves.toBe(0);
  });
});
