export type PageKind =
  | 'search_people'
  | 'search_all'
  | 'profile'
  | 'connections'
  | 'sent_invitations'
  | 'messaging'
  | 'feed'
  | 'post'
  | 'login'
  | 'authwall'
  | 'checkpoint'
  | 'restricted'
  | 'not_found'
  | 'unknown';

export type Layout = 'classic' | 'new';

/** What LinkedIn asks for at a checkpoint, as far as the page tells. */
export type CheckpointKind = 'email_pin' | 'phone_pin' | 'app_approval' | 'captcha' | 'unknown';

export type Degree = '1st' | '2nd' | '3rd' | null;

export type PersonAction = 'connect' | 'pending' | 'message' | 'follow' | 'none';

export interface ParsedPerson {
  /** Percent-decoded public slug, or an `ACoAA…` member id when that is all the page gives. */
  slug: string;
  /** `https://www.linkedin.com/in/<slug percent-encoded once>/` */
  profileUrl: string;
  name: string;
  headline: string | null;
  location?: string | null;
  degree: Degree;
  action: PersonAction;
}

export interface ParsedProfile extends ParsedPerson {
  /** The invitation is reachable only through the More menu (seen inside the open menu). */
  connectUnderMore: boolean;
  /** The More menu of the top card is open in this capture. */
  moreMenuOpen: boolean;
  /** The top card has a More button: when Connect is not shown, it may be in that menu. */
  hasMoreButton: boolean;
  memberUrn?: string | null;
}

export interface SentInvitation extends ParsedPerson {
  /** The row's "sent …" text as shown, e.g. "Sent 2 days ago". */
  sentText: string | null;
}

export interface Connection extends ParsedPerson {
  /** The row's "connected …" text as shown, e.g. "Connected 2 days ago". */
  connectedText: string | null;
}

export type ReactionType =
  'LIKE' | 'PRAISE' | 'EMPATHY' | 'INTEREST' | 'APPRECIATION' | 'ENTERTAINMENT' | 'MAYBE';

export interface Reactor extends ParsedPerson {
  reaction: ReactionType | null;
}

export interface Commenter extends ParsedPerson {
  /** The first comment text of this person on the page. */
  commentText: string | null;
}

export interface ConversationMessage {
  senderName: string | null;
  senderSlug: string | null;
  text: string;
  /** Time as shown (e.g. "10:42 AM") and the day heading it sits under, if any. */
  time: string | null;
  day: string | null;
  fromMe: boolean;
}

export interface ConversationThread {
  threadUrl: string;
  name: string | null;
  snippet: string | null;
  time: string | null;
  unread: boolean;
}

export type LimitDialog = 'weekly_limit' | 'note_quota' | 'email_required';

export type ToastType = 'success' | 'error' | 'info';

export interface Toast {
  type: ToastType;
  text: string;
}

export interface InviteDialog {
  /** The note textarea is shown (after "Add a note"). */
  noteFieldShown: boolean;
  /** `maxlength` of the note textarea: 200 on free accounts, 300 on premium. */
  noteMaxLength: number | null;
  /** Name of the person the dialog invites, when the dialog shows it. */
  inviteeName: string | null;
}

export interface DialogState {
  limitDialog: LimitDialog | null;
  closeToWeeklyLimit: boolean;
  monthlySearchLimit: boolean;
  inviteDialog: InviteDialog | null;
  messageSendFailed: boolean;
  toasts: Toast[];
}

export interface PageCounts {
  [name: string]: number;
}

export interface ParsedPage {
  page: PageKind;
  layout: Layout | null;
  language: string | null;
  /** People the page lists (search results, invitations, connections, post authors). */
  people: ParsedPerson[];
  profile?: ParsedProfile;
  invitations?: SentInvitation[];
  connections?: Connection[];
  messages?: ConversationMessage[];
  threads?: ConversationThread[];
  reactors?: Reactor[];
  commenters?: Commenter[];
  limitDialog: LimitDialog | null;
  dialogs: DialogState;
  counts: PageCounts;
}
