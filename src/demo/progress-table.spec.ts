import { describe, expect, it } from 'vitest';

import { LiveTable, renderTable, runState } from './progress-table';

describe('the demo table', () => {
  const started = '2026-01-05T10:00:00.000Z';

  it('shows a job that tries to take a busy account as waiting for it, not active', () => {
    expect(runState({ state: 'active', startedAt: null }, true)).toBe('waiting for account');
    expect(runState({ state: 'delayed', startedAt: null }, true)).toBe('waiting for account');
    expect(runState({ state: 'waiting', startedAt: null }, true)).toBe('waiting for account');
  });

  it('shows a job queued while no run works the account, and active once it works', () => {
    expect(runState({ state: 'waiting', startedAt: null }, false)).toBe('queued');
    expect(runState({ state: 'active', startedAt: null }, false)).toBe('queued');
    expect(runState({ state: 'active', startedAt: started }, true)).toBe('active');
    expect(runState({ state: 'completed', startedAt: started }, false)).toBe('completed');
  });

  it('keeps its width whatever state a run is in', () => {
    const line = { name: 'CSV', source: 'csv', found: 1, invited: 0, target: 5 };
    const widths = ['queued', 'waiting for account', 'active'].map(
      (state) => renderTable([{ ...line, state, skipped: 0, failed: 0 }])[2].length,
    );
    expect(new Set(widths).size).toBe(1);
  });

  it('prints into a log at most every 15 seconds, and always its last state', () => {
    let written = '';
    const out = { isTTY: false, write: (text: string) => (written += text) };
    let now = 0;
    const table = new LiveTable(out as unknown as NodeJS.WriteStream, () => now);
    const line = { name: 'CSV', source: 'csv', found: 1, target: 5, state: 'active' };
    const at = (invited: number) => [{ ...line, invited, skipped: 0, failed: 0 }];

    table.draw(at(0));
    now = 5_000;
    table.draw(at(1));
    now = 16_000;
    table.draw(at(2));
    now = 17_000;
    table.draw(at(3), true);

    const printed = written.split('\n\n').filter(Boolean);
    expect(printed).toHaveLength(3);
    expect(printed.at(-1)).toContain('3/5');
  });
});
