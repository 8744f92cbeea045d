/** One campaign's line in the demo's live table. */
export interface CampaignLine {
  name: string;
  source: string;
  /** The run's job state (waiting, active, completed...) or a word of the demo's own. */
  state: string;
  found: number;
  invited: number;
  /** Invitations the run may send (its import limit). */
  target: number;
  skipped: number;
  failed: number;
}

const BAR_WIDTH = 12;
// Wide enough for the longest state, so the table keeps its width as runs change state.
const STATE_WIDTH = 'waiting for account'.length;

/** What the demo reads of a run's job to name its state. */
export interface RunJob {
  state: string;
  /** Set once a worker holds the account and works the run; null while it waits for it. */
  startedAt: string | null;
}

/**
 * The run's state as the table shows it. A job BullMQ counts as active only tries to take its
 * account and goes back to waiting when another run holds it: until it starts, it is queued,
 * or waiting for the account while another run of the same account works.
 */
export function runState(job: RunJob, accountBusy: boolean): string {
  const open = job.state === 'waiting' || job.state === 'delayed' || job.state === 'active';
  if (!open || (job.state === 'active' && job.startedAt !== null)) return job.state;
  return accountBusy ? 'waiting for account' : 'queued';
}

/** Whether the job works its run now (it holds the account). */
export function isWorking(job: RunJob): boolean {
  return job.state === 'active' && job.startedAt !== null;
}

/** Renders the table as lines of text (no colors, so it reads the same in a log file). */
export function renderTable(lines: CampaignLine[]): string[] {
  const nameWidth = Math.max(8, ...lines.map((line) => line.name.length));
  const header =
    `${'Campaign'.padEnd(nameWidth)}  ${'Source'.padEnd(9)}  ${'Run'.padEnd(STATE_WIDTH)}  ` +
    `${'Found'.padStart(5)}  ${'Invited'.padEnd(BAR_WIDTH + 7)}  ${'Skipped'.padStart(7)}  ` +
    `${'Failed'.padStart(6)}`;
  return [
    header,
    '-'.repeat(header.length),
    ...lines.map(
      (line) =>
        `${line.name.padEnd(nameWidth)}  ${line.source.padEnd(9)}  ` +
        `${line.state.padEnd(STATE_WIDTH)}  ` +
        `${String(line.found).padStart(5)}  ${bar(line.invited, line.target)}  ` +
        `${String(line.skipped).padStart(7)}  ${String(line.failed).padStart(6)}`,
    ),
  ];
}

function bar(done: number, target: number): string {
  const share = target === 0 ? 0 : Math.min(1, done / target);
  const filled = Math.round(share * BAR_WIDTH);
  const count = `${done}/${target}`.padStart(6);
  return `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)} ${count}`;
}

// How often the table is printed again into a log or a pipe, where it cannot be redrawn.
const PRINT_EVERY_MS = 15_000;

/**
 * Shows the table in place on a terminal (redrawn each time) and, on anything else, prints it
 * again when something changed, at most every 15 seconds, and once more at the end.
 */
export class LiveTable {
  private drawnLines = 0;
  private lastText = '';
  private printedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly now: () => number = Date.now,
  ) {}

  draw(lines: CampaignLine[], final = false): void {
    const rendered = renderTable(lines);
    const text = rendered.join('\n');
    if (text === this.lastText) return;
    if (!this.out.isTTY && !final && this.now() - this.printedAt < PRINT_EVERY_MS) return;
    this.lastText = text;
    this.printedAt = this.now();
    if (this.out.isTTY) {
      // Up to the table's first line, clear to the end of the screen, draw again.
      if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}F\x1b[J`);
      this.out.write(`${text}\n`);
      this.drawnLines = rendered.length;
    } else {
      this.out.write(`${text}\n\n`);
    }
  }
}
