import {
  actionOfControl,
  cleanText,
  CONTROL_SELECTOR,
  dominantSlug,
  loadHtml,
  nameFromProfileLink,
  outermost,
  profileLinks,
  type Dom,
  type Nodes,
} from './dom';
import { buildPerson, uniqueBySlug } from './person';
import type { SentInvitation } from './types';

const SENT = {
  rows: '[role=listitem], li.invitation-card',
  withdrawButton: 'button[data-view-name="sent-invitations-withdraw-single"]',
  confirmDialog: 'dialog[open]',
} as const;

/** Invitations on the sent-invitations page: each row is a pending invitation. */
export function parseSentInvitations(html: string): SentInvitation[] {
  return readSentInvitations(loadHtml(html));
}

export function readSentInvitations($: Dom): SentInvitation[] {
  const rows = $(SENT.rows).filter((_, element) => $(element).find('a[href*="/in/"]').length > 0);
  const invitations = outermost($, rows)
    .toArray()
    .map((element) => readInvitationRow($, $(element)))
    .filter((invitation): invitation is SentInvitation => invitation !== null);
  return uniqueBySlug(invitations);
}

/** The withdraw control of a row: marked by data-view-name, else the one control naming the person. */
function withdrawLabel($: Dom, row: Nodes): string {
  const marked = row.find(SENT.withdrawButton).first();
  if (marked.length > 0) return cleanText(marked.attr('aria-label'));
  const labelled = row
    .find(CONTROL_SELECTOR)
    .toArray()
    .map((element) => $(element))
    .filter((control) => !(control.attr('href') ?? '').includes('/in/'))
    .find((control) => cleanText(control.attr('aria-label')) !== '');
  return cleanText(labelled?.attr('aria-label'));
}

function readInvitationRow($: Dom, row: Nodes): SentInvitation | null {
  const slug = dominantSlug(profileLinks($, row).map((entry) => entry.slug));
  if (slug === null) return null;

  // The withdraw label names the person ("Withdraw invitation sent to X", "Ritira l’invito
  // inviato a X"), so the line of the row that the label contains is the name, in any language.
  const label = withdrawLabel($, row);
  const lines = row
    .find('p, span[aria-hidden=true]')
    .toArray()
    .map((element) => $(element))
    .filter((line) => line.children('p').length === 0)
    .map((line) => cleanText(line.text()))
    .filter((text) => text !== '');
  const uniqueLines = [...new Set(lines)];
  const linkName = profileLinks($, row)
    .map(({ link }) => nameFromProfileLink($, link))
    .find((name) => name !== null);
  const name =
    uniqueLines.find((line) => label !== '' && label.includes(line)) ?? linkName ?? uniqueLines[0];
  if (name === undefined) return null;

  const rest = uniqueLines.filter((line) => line !== name);
  const controlAction = row
    .find(SENT.withdrawButton)
    .toArray()
    .map((element) => actionOfControl($(element)))
    .find((action) => action !== null);

  return {
    ...buildPerson({
      slug,
      name,
      headline: rest[0] ?? null,
      degree: null,
      // every row of this page is an invitation still waiting
      action: controlAction ?? 'pending',
    }),
    sentText: rest[1] ?? null,
  };
}
