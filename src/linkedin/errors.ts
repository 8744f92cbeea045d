import type { CheckpointKind } from './parsing/types';

export type { CheckpointKind };

/** Stable codes of what can go wrong while driving LinkedIn; processors branch on these. */
export type LinkedInErrorCode =
  | 'session_expired'
  | 'checkpoint'
  | 'restricted'
  | 'not_found'
  | 'weekly_limit'
  | 'note_quota'
  | 'email_required'
  | 'follow_only'
  | 'identity_mismatch'
  | 'not_confirmed'
  | 'invitation_failed'
  | 'withdraw_cooldown'
  | 'message_failed'
  | 'unexpected_page'
  | 'account_busy'
  | 'browser_unavailable'
  | 'login_failed'
  | 'duplicate_member'
  | 'search_limit'
  | 'account_inactive'
  | 'own_profile'
  | 'no_connect_in_row'
  | 'not_connected'
  | 'note_too_long'
  | 'outside_working_hours'
  | 'linkedin_unavailable'
  | 'aborted';

/** Base of every LinkedIn error: a stable code and a message a user can read. */
export class LinkedInError extends Error {
  constructor(
    readonly code: LinkedInErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The session is dead: LinkedIn shows the login page or the authwall. */
export class SessionExpiredError extends LinkedInError {
  constructor(message = 'The LinkedIn session has expired; log in again.') {
    super('session_expired', message);
  }
}

const CHECKPOINT_WHAT: Record<CheckpointKind, string> = {
  email_pin: 'a PIN sent by e-mail',
  phone_pin: 'a PIN from a text message or an authenticator app',
  app_approval: 'an approval in the LinkedIn app',
  captcha: 'a CAPTCHA',
  unknown: 'a security check',
};

/** LinkedIn asks for a PIN, an app approval or a CAPTCHA; never solved by the engine. */
export class CheckpointError extends LinkedInError {
  constructor(readonly kind: CheckpointKind = 'unknown') {
    super(
      'checkpoint',
      `LinkedIn asks for ${CHECKPOINT_WHAT[kind]}; complete it in a browser, then set the account active again.`,
      { kind },
    );
  }
}

export class RestrictedError extends LinkedInError {
  constructor(message = 'LinkedIn has restricted this account.') {
    super('restricted', message);
  }
}

export class ProfileNotFoundError extends LinkedInError {
  constructor(slug: string) {
    super('not_found', `The profile ${slug} does not exist.`, { slug });
  }
}

export class WeeklyLimitError extends LinkedInError {
  constructor() {
    super('weekly_limit', 'LinkedIn says the weekly invitation limit is reached.');
  }
}

export class NoteQuotaError extends LinkedInError {
  constructor() {
    super('note_quota', 'No free personalized invitations are left this month.');
  }
}

export class EmailRequiredError extends LinkedInError {
  constructor(slug: string) {
    super('email_required', `${slug} accepts invitations only with their e-mail address.`, {
      slug,
    });
  }
}

export class FollowOnlyError extends LinkedInError {
  constructor(slug: string) {
    super('follow_only', `${slug} offers Follow only; no invitation can be sent.`, { slug });
  }
}

export class IdentityMismatchError extends LinkedInError {
  constructor(expected: string, actual: string | null) {
    super('identity_mismatch', `The page shows ${actual ?? 'nobody'}, not ${expected}.`, {
      expected,
      actual,
    });
  }
}

export class InvitationNotConfirmedError extends LinkedInError {
  constructor(slug: string) {
    super('not_confirmed', `LinkedIn does not show the invitation to ${slug} as pending.`, {
      slug,
    });
  }
}

/** An error toast after sending ("Invitation not sent. Try again later."). */
export class InvitationFailedError extends LinkedInError {
  constructor(slug: string, toast: string) {
    const cooldown = /still withdrawing/i.test(toast);
    super(cooldown ? 'withdraw_cooldown' : 'invitation_failed', toast, { slug });
  }
}

export class MessageFailedError extends LinkedInError {
  constructor(slug: string, reason: string) {
    super('message_failed', `The message to ${slug} was not sent: ${reason}`, { slug });
  }
}

/** LinkedIn offers InMail instead of a message: the person is not a connection. */
export class NotConnectedError extends LinkedInError {
  constructor(slug: string) {
    super('not_connected', `${slug} is not a connection; LinkedIn offers only InMail.`, { slug });
  }
}

/**
 * LinkedIn answered a page with a server error or asked to slow down (429): nothing is known of
 * the lead or the source, and a later try may work. The job is retried with its backoff.
 */
export class LinkedInUnavailableError extends LinkedInError {
  constructor(status: number, path: string) {
    super('linkedin_unavailable', `LinkedIn answered ${status} for ${path}.`, {
      status,
      path,
    });
  }
}

/** The page is none LinkedIn should have shown here (an error page, a layout we do not know). */
export class UnexpectedPageError extends LinkedInError {
  constructor(expected: string, url: string, actual: string) {
    super('unexpected_page', `Expected a ${expected} page at ${url}, found ${actual}.`, {
      expected,
      actual,
      url,
    });
  }
}

export class SearchLimitError extends LinkedInError {
  constructor() {
    super('search_limit', 'LinkedIn says the monthly limit for profile searches is reached.');
  }
}

export class AccountBusyError extends LinkedInError {
  constructor(accountId: string) {
    super('account_busy', `Another worker is using account ${accountId}.`, { accountId });
  }
}

export class BrowserUnavailableError extends LinkedInError {
  constructor(message: string) {
    super('browser_unavailable', message);
  }
}

/** The account is paused, needs a login, or is blocked: no browser work starts for it. */
export class AccountInactiveError extends LinkedInError {
  constructor(accountId: string, status: string, reason: string | null) {
    super(
      'account_inactive',
      `Account ${accountId} is ${status}${reason ? ` (${reason})` : ''}; no work starts for it.`,
      { accountId, status, reason },
    );
  }
}

/** A write aimed at the account's own profile (a campaign must never invite itself). */
export class OwnProfileError extends LinkedInError {
  constructor(slug: string) {
    super('own_profile', `${slug} is the account's own profile.`, { slug });
  }
}

/** A search row offers Follow or Message, not Connect: the profile may still have it under More. */
export class NoConnectInRowError extends LinkedInError {
  constructor(slug: string, action: string) {
    super(
      'no_connect_in_row',
      `${slug}'s search row offers ${action}, not Connect; invite from the profile instead.`,
      { slug, action },
    );
  }
}

/** The account's working hours are over; `resumeAt` is when the next window opens. */
export class OutsideWorkingHoursError extends LinkedInError {
  constructor(readonly resumeAt: Date) {
    super(
      'outside_working_hours',
      `Outside the account's working hours; the next window opens at ${resumeAt.toISOString()}.`,
      { resumeAt: resumeAt.toISOString() },
    );
  }
}

/** The work was stopped at a safe point: shutdown, or the account lease was lost. */
export class WorkAbortedError extends LinkedInError {
  constructor(reason: string) {
    super('aborted', `Stopped before the next action: ${reason}.`, { reason });
  }
}

export class LoginFailedError extends LinkedInError {
  constructor(reason: string) {
    super('login_failed', `LinkedIn refused the login: ${reason}`);
  }
}

/** The member logged in is connected as another live Inreach account: this one does no work. */
export class DuplicateMemberError extends LinkedInError {
  constructor(reason: string) {
    super('duplicate_member', reason);
  }
}

/**
 * Errors that say something about the account rather than one lead: withSession has already
 * set the account's status (or found it not active) and published `account.status`.
 */
export function isAccountProblem(
  error: unknown,
): error is
  | SessionExpiredError
  | CheckpointError
  | RestrictedError
  | LoginFailedError
  | DuplicateMemberError
  | AccountInactiveError {
  return (
    error instanceof SessionExpiredError ||
    error instanceof DuplicateMemberError ||
    error instanceof CheckpointError ||
    error instanceof RestrictedError ||
    error instanceof LoginFailedError ||
    error instanceof AccountInactiveError
  );
}
