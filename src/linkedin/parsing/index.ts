export type {
  CheckpointKind,
  Commenter,
  Connection,
  ConversationMessage,
  ConversationThread,
  Degree,
  DialogState,
  InviteDialog,
  Layout,
  LimitDialog,
  PageCounts,
  PageKind,
  ParsedPage,
  ParsedPerson,
  ParsedProfile,
  PersonAction,
  ReactionType,
  Reactor,
  SentInvitation,
  Toast,
  ToastType,
} from './types';
export { classifyPage, pageKindFromPath } from './classify';
export { parseConnections } from './connections';
export { parseConversation, type ConversationOptions } from './conversation';
export { detectDialogs } from './dialogs';
export { parsePage } from './parse-page';
export { parsePostCommenters, parsePostReactors } from './post';
export { parseProfile } from './profile';
export { parseSearchResults, type SearchResultsPage } from './search-results';
export { parseSentInvitations } from './sent-invitations';
export { isMemberIdSlug, profileUrlFromSlug, slugFromProfileHref } from './slug';
export { pageHtmlWithShadowRoots } from './page-html';
export { isLoggedInPage, readCheckpointKind, readSelfSlug } from './session';
