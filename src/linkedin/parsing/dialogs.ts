import { cleanText, loadHtml, nonEmpty, type Dom, type Nodes } from './dom';
import type { DialogState, InviteDialog, LimitDialog, Toast, ToastType } from './types';
import {
  CLOSE_TO_LIMIT_TEXTS,
  MONTHLY_SEARCH_LIMIT_TEXTS,
  NOTE_QUOTA_TEXTS,
  TOAST_FAILURE_TEXTS,
  WEEKLY_LIMIT_TEXTS,
} from './vocabulary';

const DIALOGS = {
  // the new layout renders dialogs inside the interop shadow root; a capture that serialised
  // it (declarative shadow DOM or inlined) is searched the same way
  any: '[role=dialog], [role=alertdialog], dialog[open], .artdeco-modal',
  weeklyLimitHeader: '#ip-fuse-limit-alert__header',
  inviteDialog: '.send-invite, [role=dialog]:has(#send-invite-modal)',
  noteField: 'textarea#custom-message, textarea[name=message]',
  emailField: 'input[type=email]',
  premiumLink: 'a[href*="/premium/"], button[data-control-name*="premium"]',
  inviteeName: 'strong',
  toasts:
    '#artdeco-toasts [data-test-artdeco-toast-item-type], .artdeco-toast-item, [data-testid="toasts-title"] ~ * [role=alert]',
  toastText: '.artdeco-toast-item__message, p, span',
  messageError: '.msg-form__error[role=alert], .msg-form__error',
} as const;

/** Limit pop-ups, the invite dialog, toasts and the message-failure banner on the page. */
export function detectDialogs(html: string): DialogState {
  return readDialogs(loadHtml(html));
}

export function readDialogs($: Dom): DialogState {
  const dialogs = $(DIALOGS.any);
  const dialogText = dialogs
    .toArray()
    .map((element) => cleanText($(element).text()))
    .join(' \n ');
  const toasts = readToasts($);
  const toastText = toasts.map((toast) => toast.text).join(' \n ');

  return {
    limitDialog: limitDialogOf($, dialogs, dialogText, toastText),
    closeToWeeklyLimit: CLOSE_TO_LIMIT_TEXTS.some((pattern) =>
      pattern.test(dialogText + toastText),
    ),
    monthlySearchLimit: MONTHLY_SEARCH_LIMIT_TEXTS.some((pattern) =>
      pattern.test(cleanText($('body').text())),
    ),
    inviteDialog: readInviteDialog($),
    messageSendFailed:
      $(DIALOGS.messageError).filter((_, element) => cleanText($(element).text()) !== '').length >
      0,
    toasts,
  };
}

function limitDialogOf(
  $: Dom,
  dialogs: Nodes,
  dialogText: string,
  toastText: string,
): LimitDialog | null {
  if ($(DIALOGS.weeklyLimitHeader).length > 0) return 'weekly_limit';
  if (WEEKLY_LIMIT_TEXTS.some((pattern) => pattern.test(dialogText + toastText)))
    return 'weekly_limit';

  // an invite dialog asking for an e-mail address is the email-required variant in any language
  const askingForEmail = dialogs.filter(
    (_, element) => $(element).find(DIALOGS.emailField).length > 0,
  );
  if (askingForEmail.length > 0) return 'email_required';

  if (NOTE_QUOTA_TEXTS.some((pattern) => pattern.test(dialogText))) return 'note_quota';
  return null;
}

function readInviteDialog($: Dom): InviteDialog | null {
  const dialog = $(DIALOGS.inviteDialog).first();
  if (dialog.length === 0) return null;
  const noteField = dialog.find(DIALOGS.noteField).first();
  const maxLength = Number(noteField.attr('maxlength'));
  return {
    noteFieldShown: noteField.length > 0,
    noteMaxLength: Number.isFinite(maxLength) && maxLength > 0 ? maxLength : null,
    inviteeName: nonEmpty(cleanText(dialog.find(DIALOGS.inviteeName).first().text())),
  };
}

function readToasts($: Dom): Toast[] {
  return $(DIALOGS.toasts)
    .toArray()
    .map((element) => $(element))
    .map((toast) => {
      const message = toast.find('.artdeco-toast-item__message').first();
      const text = cleanText((message.length > 0 ? message : toast).text());
      return { type: toastType(toast, text), text };
    })
    .filter((toast) => toast.text !== '');
}

function toastType(toast: Nodes, text: string): ToastType {
  const declared = (toast.attr('data-test-artdeco-toast-item-type') ?? '').toLowerCase();
  if (declared === 'error') return 'error';
  if (TOAST_FAILURE_TEXTS.some((pattern) => pattern.test(text))) return 'error';
  if (declared === 'success') return 'success';
  return 'info';
}
