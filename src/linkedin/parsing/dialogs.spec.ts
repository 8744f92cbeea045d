import { describe, expect, it } from 'vitest';
import { detectDialogs } from './dialogs';
import { parsePage } from './parse-page';

const page = (inner: string) => `<html lang="en"><body><main></main>${inner}</body></html>`;

describe('detectDialogs', () => {
  it('sees nothing on a quiet page', () => {
    expect(detectDialogs(page(''))).toEqual({
      limitDialog: null,
      closeToWeeklyLimit: false,
      monthlySearchLimit: false,
      inviteDialog: null,
      messageSendFailed: false,
      toasts: [],
    });
  });

  it('sees the weekly limit dialog by its header id', () => {
    const html = page(
      `<div role="dialog" class="artdeco-modal"><h2 id="ip-fuse-limit-alert__header">You’ve reached the weekly invitation limit</h2><button>Got it</button></div>`,
    );
    expect(detectDialogs(html).limitDialog).toBe('weekly_limit');
    expect(parsePage(html).limitDialog).toBe('weekly_limit');
  });

  it('sees the weekly limit in its other wording', () => {
    const html = page(
      `<div role="alertdialog"><p>Invitation not sent. You've reached the weekly invitation limit.</p></div>`,
    );
    expect(detectDialogs(html).limitDialog).toBe('weekly_limit');
  });

  it('sees the close-to-limit warning without calling it the limit', () => {
    const state = detectDialogs(
      page(
        `<div role="dialog"><h2>You're close to the weekly invitation limit</h2><button>Got it</button></div>`,
      ),
    );
    expect(state.closeToWeeklyLimit).toBe(true);
    expect(state.limitDialog).toBeNull();
  });

  it('sees the note quota upsell', () => {
    const html =
      page(`<div role="dialog" class="artdeco-modal"><h2>No free personalized invitations left</h2>
      <p>Personalize your invitations with Premium. You’ve used all your free personalized invitations</p>
      <a href="https://www.linkedin.com/premium/products/">Try Premium for free</a><button aria-label="Send without a note">Send without a note</button></div>`);
    expect(detectDialogs(html).limitDialog).toBe('note_quota');
  });

  it('sees the email-required invite dialog in any language by its email field', () => {
    const html =
      page(`<div role="dialog" class="artdeco-modal send-invite"><h2 id="send-invite-modal">Invita Anna</h2>
      <label>Email</label><input type="email" name="email"><button>Invia</button></div>`);
    expect(detectDialogs(html).limitDialog).toBe('email_required');
  });

  it('reads the invite dialog and the note length allowed', () => {
    const html =
      page(`<div role="dialog" class="artdeco-modal send-invite"><h2 id="send-invite-modal">Add a note to your invitation?</h2>
      <p>Personalize your invitation to <strong>Jane Doe</strong> by adding a note.</p>
      <textarea id="custom-message" name="message" maxlength="300"></textarea><button aria-label="Send invitation">Send</button></div>`);
    expect(detectDialogs(html).inviteDialog).toEqual({
      noteFieldShown: true,
      noteMaxLength: 300,
      inviteeName: 'Jane Doe',
    });
  });

  it('reads the invite dialog rendered into the interop shadow root', () => {
    const html =
      page(`<div id="interop-outlet" data-testid="interop-shadowdom"><template shadowrootmode="open">
      <div role="dialog" class="artdeco-modal send-invite"><h2 id="send-invite-modal">Add a note to your invitation?</h2>
      <button aria-label="Add a note">Add a note</button><button aria-label="Send without a note">Send without a note</button></div></template></div>`);
    expect(detectDialogs(html).inviteDialog).toMatchObject({ noteFieldShown: false });
  });

  it('reads success and error toasts', () => {
    const html = page(`<div id="artdeco-toasts"><ul>
      <li data-test-artdeco-toast-item-type="success" class="artdeco-toast-item"><p class="artdeco-toast-item__message">Your invitation to Jane Doe was sent.</p></li>
      <li data-test-artdeco-toast-item-type="error" class="artdeco-toast-item"><p class="artdeco-toast-item__message">Invitation not sent. Try again later.</p></li>
      <li data-test-artdeco-toast-item-type="info" class="artdeco-toast-item"><p class="artdeco-toast-item__message">Invitation not sent because you're still withdrawing previous invitations.</p></li>
      </ul></div>`);
    expect(detectDialogs(html).toasts).toEqual([
      { type: 'success', text: 'Your invitation to Jane Doe was sent.' },
      { type: 'error', text: 'Invitation not sent. Try again later.' },
      {
        type: 'error',
        text: "Invitation not sent because you're still withdrawing previous invitations.",
      },
    ]);
  });

  it('sees a message that failed to send', () => {
    const html = page(
      `<div class="msg-form__error" role="alert">Message failed to send. Try again.</div>`,
    );
    expect(detectDialogs(html).messageSendFailed).toBe(true);
  });

  it('sees the monthly search limit', () => {
    expect(
      detectDialogs(page('<h2>You’ve reached the monthly limit for profile searches</h2>'))
        .monthlySearchLimit,
    ).toBe(true);
  });
});
