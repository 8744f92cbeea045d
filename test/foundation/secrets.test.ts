import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitForServiceUrl } from '../support/process';
import {
  readAllFiles,
  stopLeftovers,
  runCliWith,
  PROCESS_TEST_TIMEOUT_MS,
  START_TIMEOUT_MS,
} from './support/processes';

const secrets = {
  liAt: 'AQEDAR-LIAT-SECRET-0123456789abcdef',
  password: 'PW-SECRET-hunter2',
  newPassword: 'PW-SECRET-correct-horse',
  proxyPassword: 'PROXY-SECRET-s3cr3t',
};

// The most talkative logs of a real process, and every file it leaves behind, are searched
// for the secrets it was handed.
describe('LinkedIn secrets', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let dataDir: string;
  let run: ReturnType<typeof runCliWith>;
  let url: string;
  let adminKey: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'inreach-secrets-'));
    run = runCliWith(
      [],
      { INREACH_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'trace', LOG_FORMAT: 'json' },
      {},
    );
    url = await waitForServiceUrl(dataDir, run, START_TIMEOUT_MS);
    adminKey = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
  }, PROCESS_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await stopLeftovers([run.child.pid!], [dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });

  it('never reach a log line, even at trace level, nor any file in clear', async () => {
    const proxy = `http://proxyuser:${secrets.proxyPassword}@proxy.example:8080`;
    const cookieAccount = await call('POST', '/api/accounts', {
      label: 'Cookie',
      liAt: secrets.liAt,
      proxy,
    });
    expect(cookieAccount.status).toBe(201);
    const passwordAccount = await call('POST', '/api/accounts', {
      label: 'Password',
      email: 'sam@example.com',
      password: secrets.password,
      timezone: 'Europe/Berlin',
    });
    expect(passwordAccount.status).toBe(201);
    const { id } = (await passwordAccount.json()) as { id: string };

    const changed = await call('PATCH', `/api/accounts/${id}`, {
      email: 'sam@example.com',
      password: secrets.newPassword,
      proxy,
    });
    expect(changed.status).toBe(200);
    const answers = [await cookieAccount.text(), await changed.text()];
    for (const path of ['/api/accounts', `/api/accounts/${id}`]) {
      answers.push(await (await call('GET', path)).text());
    }

    // Refused requests that carry secrets.
    const refused = await call('POST', '/api/accounts', {
      label: 'Bad',
      liAt: secrets.liAt,
      password: secrets.password,
      timezone: 'Mars/Olympus',
      proxy: `ftp://u:${secrets.proxyPassword}@x`,
    });
    expect(refused.status).toBe(400);
    answers.push(await refused.text());
    expect((await call('POST', '/api/accounts', `{"liAt":"${secrets.liAt}",`)).status).toBe(400);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const logLines = run
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(20);
    const files = readAllFiles(dataDir);
    expect(files.some((file) => file.path.includes(join('db', 'base')))).toBe(true);
    for (const secret of Object.values(secrets)) {
      expect(run.output(), 'process output').not.toContain(secret);
      expect(answers.join('\n'), 'API answers').not.toContain(secret);
      for (const file of files) expect(file.text, file.path).not.toContain(secret);
    }
    expect(logLines.join('\n')).not.toContain(adminKey);
  });
});
