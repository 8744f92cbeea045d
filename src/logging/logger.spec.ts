import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createRootLogger, NestPinoLogger, readableErrorText } from './logger';

function capture(level = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = new NestPinoLogger(createRootLogger({ level, format: 'json', destination }));
  return { logger, lines };
}

describe('NestPinoLogger', () => {
  it('writes structured fields with the context of the class', () => {
    const { logger, lines } = capture();
    logger.log({ msg: 'invitation sent', accountId: 'a1', campaignId: 'c1' }, 'FollowRequest');
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'invitation sent',
      context: 'FollowRequest',
      accountId: 'a1',
      campaignId: 'c1',
    });
  });

  it('redacts secrets whatever the caller passes, at the top or one level down', () => {
    const { logger, lines } = capture();
    logger.debug(
      {
        msg: 'account',
        password: 'hunter2',
        liAt: 'AQEDAR',
        account: { li_at: 'AQEDAR', password: 'hunter2', proxy: 'http://u:p@h:1' },
        headers: { authorization: 'Bearer inr_x', cookie: 'li_at=AQEDAR' },
      },
      'Accounts',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2', 'AQEDAR', 'inr_x', 'u:p@h'])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: '[redacted]', account: { li_at: '[redacted]' } });
  });

  it("puts Nest's start-up announcements at debug", () => {
    const { logger, lines } = capture('info');
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(lines.map((line) => line.msg)).toEqual(['Nest application successfully started']);
  });

  it('keeps the stack of an error Nest reports', () => {
    const { logger, lines } = capture();
    logger.error('request failed', 'Error: boom\n    at here', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({
      level: 50,
      context: 'ExceptionsHandler',
      stack: 'Error: boom\n    at here',
    });
  });

  it("drops a failed query's parameters from error text passed as a string", () => {
    const { logger, lines } = capture();
    const text = 'Failed query: select $1\nparams: v1:CIPHERTEXT,LEAD-NAME';
    logger.warn({ msg: 'job failed', err: text, reason: `${text}\n    at frame (x.js:1)` });
    logger.error(text);
    const written = JSON.stringify(lines);
    expect(written).not.toContain('CIPHERTEXT');
    expect(written).not.toContain('LEAD-NAME');
    expect(lines[0]).toMatchObject({
      err: 'Failed query: select $1',
      reason: 'Failed query: select $1\n    at frame (x.js:1)',
    });
    expect(lines[1]).toMatchObject({ msg: 'Failed query: select $1' });
  });
});

describe('a failed query in a log line', () => {
  it('loses its parameters under either error field', () => {
    const { logger, lines } = capture();
    const failed = Object.assign(new Error('Failed query: select $1\nparams: secret-cipher'), {
      query: 'select $1',
      params: ['secret-cipher'],
    });

    logger.warn({ msg: 'write failed', err: failed });
    logger.warn({ msg: 'write failed', error: failed });

    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain('secret-cipher');
    expect(JSON.stringify(lines)).toContain('select $1');
  });
});

describe('readableErrorText', () => {
  it("keeps a browser error's first words, without its call log and colour codes", () => {
    const raw =
      'locator.click: Timeout 10000ms exceeded.\nCall log:\n\u001b[2m  - waiting for ' +
      "locator('button.social-details')\u001b[22m\n";

    expect(readableErrorText(raw)).toBe('locator.click: Timeout 10000ms exceeded.');
  });

  it('leaves a plain message as it is', () => {
    expect(readableErrorText('Campaign c1 no longer exists.')).toBe(
      'Campaign c1 no longer exists.',
    );
  });
});
