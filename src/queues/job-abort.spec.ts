import { describe, expect, it } from 'vitest';

import { JobAbort } from './job-abort';

describe('JobAbort', () => {
  it('hands out an aborted signal when the abort came before anyone asked', () => {
    const abort = new JobAbort();
    const reason = new Error('the process is shutting down');

    abort.abort(reason);

    expect(abort.aborted).toBe(true);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe(reason);
  });

  it('tells a signal already handed out, once, with the first reason', () => {
    const abort = new JobAbort();
    const heard: unknown[] = [];
    abort.signal.addEventListener('abort', () => heard.push(abort.signal.reason));
    const first = new Error('the account lease was lost');

    abort.abort(first);
    abort.abort(new Error('the process is shutting down'));

    expect(heard).toEqual([first]);
    expect(abort.signal.reason).toBe(first);
  });

  it('stays quiet and keeps one signal while nothing aborts it', () => {
    const abort = new JobAbort();

    expect(abort.aborted).toBe(false);
    expect(abort.signal.aborted).toBe(false);
    expect(abort.signal).toBe(abort.signal);
  });
});
