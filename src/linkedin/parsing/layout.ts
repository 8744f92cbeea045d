import type { Dom } from './dom';
import type { Layout } from './types';

const NEW_LAYOUT_MARKS =
  '[data-sdui-screen], [componentkey], #interop-outlet, [data-testid="interop-shadowdom"], [data-testid="primary-nav"]';

const CLASSIC_LAYOUT_MARKS = [
  '[data-chameleon-result-urn]',
  '.ember-view',
  '[data-test-app-aware-link]',
  '[class*="artdeco-"]',
  '[data-urn^="urn:li:activity:"]',
  'section[data-member-id]',
  '.pv-top-card',
  '.msg-overlay-conversation-bubble',
  '.mn-connection-card',
].join(', ');

/** Which of LinkedIn's two layouts served the page; null when neither leaves a mark. */
export function detectLayout($: Dom): Layout | null {
  if ($(NEW_LAYOUT_MARKS).length > 0) return 'new';
  if ($(CLASSIC_LAYOUT_MARKS).length > 0) return 'classic';
  return null;
}
