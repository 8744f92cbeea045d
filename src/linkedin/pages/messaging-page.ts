import {
  pageHtmlWithShadowRoots,
  parseConversation,
  type ConversationMessage,
  type ConversationThread,
} from '../parsing';
import { MessageFailedError, NotConnectedError, UnexpectedPageError } from '../errors';
import type { LinkedInPage } from './linkedin-page';
import { ProfilePage } from './profile-page';

// The overlay lives in the document (classic) or in the interop shadow root (new).
const SELECTORS = {
  overlay: '.msg-overlay-conversation-bubble[role=dialog]',
  editor: '.msg-form__contenteditable[contenteditable=true]',
  send: 'button.msg-form__send-button',
  error: '.msg-form__error',
  bubbleBodies: '.msg-s-event-listitem__body',
  inMailOffer: '.msg-inmail-upsell, a[href*="premium_inmail"]',
} as const;

/** An open conversation overlay with one person. */
export interface OpenConversation {
  slug: string;
  name: string;
  messages: ConversationMessage[];
}

export class MessagingPage {
  private readonly profiles: ProfilePage;

  constructor(private readonly linkedIn: LinkedInPage) {
    this.profiles = new ProfilePage(linkedIn);
  }

  /**
   * Opens the conversation with `slug` from their profile (identity checked) and reads it.
   * Someone outside the network gets an InMail offer instead of a composer: NotConnectedError.
   */
  async open(slug: string): Promise<OpenConversation> {
    const profile = await this.profiles.openMessageComposer(slug);
    const overlay = this.linkedIn.page
      .locator(
        `${SELECTORS.overlay}[aria-label="Messaging conversation with ${cssText(profile.name)}"]`,
      )
      .first();
    await overlay.waitFor({ timeout: 10_000 });
    const composer = await this.linkedIn.waitFor(async () => {
      if ((await overlay.locator(SELECTORS.editor).count()) > 0) return 'editor' as const;
      if ((await overlay.locator(SELECTORS.inMailOffer).count()) > 0) return 'inmail' as const;
      return undefined;
    });
    if (composer !== 'editor') throw new NotConnectedError(slug);
    return { slug, name: profile.name, messages: await this.readOpenMessages() };
  }

  /** The messages of the conversation open on the page (overlay or thread page). */
  async readOpenMessages(): Promise<ConversationMessage[]> {
    const html = await this.linkedIn.page.evaluate(pageHtmlWithShadowRoots);
    return parseConversation(html, { selfSlug: this.linkedIn.account.profileSlug ?? undefined });
  }

  /** The messages of a thread page (`/messaging/thread/…`). */
  async readThread(threadUrl: string): Promise<ConversationMessage[]> {
    const parsed = await this.linkedIn.goto(threadUrl);
    await this.linkedIn.expectPage(['messaging'], parsed);
    return this.readOpenMessages();
  }

  async readInbox(): Promise<ConversationThread[]> {
    const parsed = await this.linkedIn.goto('/messaging/');
    if (parsed.page !== 'messaging') {
      throw new UnexpectedPageError('messaging', this.linkedIn.page.url(), parsed.page);
    }
    return parsed.threads ?? [];
  }

  /**
   * Opens the conversation with `slug`, types `text` like a person (Shift+Enter between lines)
   * and sends it; counts only when the new bubble with the text is shown.
   */
  async send(slug: string, text: string): Promise<OpenConversation> {
    const conversation = await this.open(slug);
    const { page } = this.linkedIn;
    const overlay = page.locator(SELECTORS.overlay).first();
    const bodies = overlay.locator(SELECTORS.bubbleBodies);
    const before = await bodies.count();

    const editor = overlay.locator(SELECTORS.editor).first();
    await this.linkedIn.click(editor);
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      if (index > 0) await page.keyboard.press('Shift+Enter');
      if (line !== '') await this.linkedIn.pacer.type(editor, line);
    }
    await this.linkedIn.click(overlay.locator(SELECTORS.send).first());

    const outcome = await this.linkedIn.waitFor(async () => {
      if ((await overlay.locator(SELECTORS.error).count()) > 0) return 'failed' as const;
      const count = await bodies.count();
      if (count <= before) return undefined;
      const last = await bodies.nth(count - 1).innerText();
      return sameText(last, text) ? ('sent' as const) : undefined;
    }, 15_000);
    if (outcome !== 'sent') {
      const reason =
        outcome === 'failed' ? 'LinkedIn says it failed to send' : 'no message bubble appeared';
      throw new MessageFailedError(slug, reason);
    }
    return { ...conversation, messages: await this.readOpenMessages() };
  }
}

function sameText(left: string, right: string): boolean {
  const normal = (text: string) => text.replace(/\s+/g, ' ').trim();
  return normal(left) === normal(right);
}

function cssText(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
