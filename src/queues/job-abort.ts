/**
 * A running job's abort signal, made only when its handler first reads it: most jobs end
 * without anyone listening, and an AbortController per job costs the queue at every job.
 */
export class JobAbort {
  private controller: AbortController | null = null;
  private abortedFor: { reason: unknown } | null = null;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedFor) this.controller.abort(this.abortedFor.reason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortedFor !== null;
  }

  /** Tells the handler to stop; the first reason wins, as with AbortController. */
  abort(reason: unknown): void {
    if (this.abortedFor) return;
    this.abortedFor = { reason };
    this.controller?.abort(reason);
  }
}
