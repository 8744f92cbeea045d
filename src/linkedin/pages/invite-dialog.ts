import type { DialogState, Toast } from '../parsing';
import {
  EmailRequiredError,
  InvitationFailedError,
  InvitationNotConfirmedError,
  LinkedInError,
  NoteQuotaError,
  WeeklyLimitError,
} from '../errors';
import type { LinkedInPage } from './linkedin-page';

// Dialogs live in the document (classic) or in #interop-outlet's open shadow root (new);
// Playwright's CSS engine pierces open shadow roots, so one selector serves both.
const SELECTORS = {
  inviteDialog: '[role=dialog].send-invite',
  addNote: '[role=dialog] button[aria-label="Add a note"]',
  sendWithoutNote: '[role=dialog] button[aria-label="Send without a note"]',
  noteField: '[role=dialog] textarea#custom-message, [role=dialog] textarea[name=message]',
  sendInvitation: '[role=dialog] button[aria-label="Send invitation"]',
  gotIt: '[role=dialog] button:has-text("Got it")',
  toastDismiss: '#artdeco-toasts button[aria-label="Dismiss"]',
} as const;

export class NoteTooLongError extends LinkedInError {
  constructor(length: number, maxLength: number) {
    super('note_too_long', `The note has ${length} characters; LinkedIn allows ${maxLength}.`, {
      length,
      maxLength,
    });
  }
}

export interface InviteOptions {
  slug: string;
  /** The note to send, or null to send without one. */
  note: string | null;
  /** Whether LinkedIn now shows the person as pending, where the Connect control was. */
  isPendingInPlace: () => Promise<boolean>;
  /** Reloads the page and tells whether it shows the person as pending. */
  isPendingAfterReload: () => Promise<boolean>;
}

/**
 * The invite dialog, from the moment Connect was clicked to a confirmed Pending: the close-to-limit
 * warning is acknowledged, the weekly limit, the note upsell, an e-mail request and error toasts
 * each raise their error; nothing counts until LinkedIn shows Pending.
 */
export class InviteDialogFlow {
  constructor(private readonly linkedIn: LinkedInPage) {}

  /** Clears old toasts so that only what this invitation causes is read. */
  async clearToasts(): Promise<void> {
    const dismissers = this.linkedIn.page.locator(SELECTORS.toastDismiss);
    for (let index = (await dismissers.count()) - 1; index >= 0; index--) {
      await dismissers
        .nth(index)
        .click({ timeout: 2_000 })
        .catch(() => undefined);
    }
  }

  async complete(options: InviteOptions): Promise<void> {
    await this.waitForInviteDialog(options.slug);

    if (options.note !== null) await this.writeNote(options.slug, options.note);
    else await this.linkedIn.click(this.linkedIn.page.locator(SELECTORS.sendWithoutNote).first());

    await this.waitForOutcome(options.slug);

    if (await options.isPendingInPlace()) return;
    if (await options.isPendingAfterReload()) return;
    throw new InvitationNotConfirmedError(options.slug);
  }

  private async waitForInviteDialog(slug: string): Promise<void> {
    const { page } = this.linkedIn;
    const ready = await this.linkedIn.waitFor(async () => {
      const dialogs = await this.linkedIn.readDialogs();
      await this.raiseBlocking(slug, dialogs);
      if (dialogs.closeToWeeklyLimit && (await page.locator(SELECTORS.gotIt).count()) > 0) {
        // a warning only: acknowledging it is what a person does, and the dialog follows
        await this.linkedIn.click(page.locator(SELECTORS.gotIt).first());
        return undefined;
      }
      return dialogs.inviteDialog ? true : undefined;
    });
    if (!ready) throw new InvitationFailedError(slug, 'The invite dialog did not open.');
  }

  private async writeNote(slug: string, note: string): Promise<void> {
    const { page } = this.linkedIn;
    await this.linkedIn.click(page.locator(SELECTORS.addNote).first());
    const maxLength = await this.linkedIn.waitFor(async () => {
      const dialogs = await this.linkedIn.readDialogs();
      await this.raiseBlocking(slug, dialogs);
      if (!dialogs.inviteDialog?.noteFieldShown) return undefined;
      return dialogs.inviteDialog.noteMaxLength ?? Number.POSITIVE_INFINITY;
    });
    if (maxLength === undefined)
      throw new InvitationFailedError(slug, 'The note field did not open.');
    if (note.length > maxLength) {
      await this.linkedIn.dismissDialog();
      throw new NoteTooLongError(note.length, maxLength);
    }

    const field = page.locator(SELECTORS.noteField).first();
    await field.click();
    await this.linkedIn.pacer.type(field, note);
    await this.linkedIn.pacer.readingPause(note.length / 2);
    await this.linkedIn.click(page.locator(SELECTORS.sendInvitation).first());
  }

  private async waitForOutcome(slug: string): Promise<void> {
    const { page } = this.linkedIn;
    const settled = await this.linkedIn.waitFor(async () => {
      const dialogs = await this.linkedIn.readDialogs();
      await this.raiseBlocking(slug, dialogs);
      const inviteOpen = (await page.locator(SELECTORS.inviteDialog).count()) > 0;
      if (inviteOpen) return undefined;
      return dialogs.toasts.some((toast) => toast.type === 'success') ? true : undefined;
    }, 8_000);
    // no toast is not a failure by itself: the Pending check decides
    if (!settled) await this.linkedIn.dismissDialog();
  }

  private async raiseBlocking(slug: string, dialogs: DialogState): Promise<void> {
    switch (dialogs.limitDialog) {
      case 'weekly_limit':
        await this.linkedIn.dismissDialog();
        throw new WeeklyLimitError();
      case 'note_quota':
        await this.linkedIn.dismissDialog();
        throw new NoteQuotaError();
      case 'email_required':
        await this.linkedIn.dismissDialog();
        throw new EmailRequiredError(slug);
      case null:
        break;
    }
    const failure = dialogs.toasts.find((toast: Toast) => toast.type === 'error');
    if (failure) throw new InvitationFailedError(slug, failure.text);
  }
}
