import type { Locator, Response } from 'playwright-core';

import type { ParsedProfile } from '../parsing';
import {
  FollowOnlyError,
  IdentityMismatchError,
  OwnProfileError,
  ProfileNotFoundError,
} from '../errors';
import { InviteDialogFlow } from './invite-dialog';
import type { LinkedInPage } from './linkedin-page';

// One place for the profile screen's selectors, per layout where they differ.
const SELECTORS = {
  topCard: 'section[componentkey$="Topcard"], section[data-member-id], .pv-top-card',
  connect: '[aria-label^="Invite "][aria-label$=" to connect"]:visible',
  pending: '[aria-label^="Pending, click to withdraw"]:visible',
  more: {
    classic: 'button[aria-label="More actions"]:visible',
    new: 'button[aria-label="More"]:visible, button:has-text("More"):visible',
  },
  menuConnect: '[role=menu] [aria-label^="Invite "][aria-label$=" to connect"]',
  message: {
    classic: 'button[aria-label^="Message "]:visible',
    new: 'a[href^="/messaging/compose/"]:visible, a[href*="/messaging/compose/"]:visible',
  },
} as const;

/** The profile as read, with where the browser ended up. */
export interface OpenedProfile extends ParsedProfile {
  /** The slug LinkedIn redirected to (a renamed profile, or a member-id URL), else null. */
  renamedTo: string | null;
}

export type InvitationOutcome = 'sent' | 'already_pending' | 'already_connected';

/** Normalised for comparison only: decoded, Unicode NFC, lower case. Never a prefix test. */
export function sameSlug(left: string | null, right: string | null): boolean {
  if (left === null || right === null) return false;
  const normal = (slug: string) => slug.normalize('NFC').toLowerCase();
  return normal(left) === normal(right);
}

export class ProfilePage {
  private readonly invite: InviteDialogFlow;

  constructor(private readonly linkedIn: LinkedInPage) {
    this.invite = new InviteDialogFlow(linkedIn);
  }

  /**
   * Opens `/in/<slug>/` and checks it is that person: the final URL's slug and the top card's
   * slug must both equal `slug`, or LinkedIn must have redirected (a renamed profile) to a page
   * whose URL and top card agree.
   */
  async open(slug: string): Promise<OpenedProfile> {
    const response = await this.linkedIn.navigate(`/in/${encodeURIComponent(slug)}/`);
    const parsed = await this.linkedIn.readUsable();
    if (parsed.page === 'not_found' || response?.status() === 404) {
      throw new ProfileNotFoundError(slug);
    }
    const profile = (await this.linkedIn.expectPage(['profile'], parsed)).profile ?? null;
    if (!profile) throw new ProfileNotFoundError(slug);

    const finalSlug = this.linkedIn.slugInUrl();
    const renamedTo = wasRedirected(response) && !sameSlug(finalSlug, slug) ? finalSlug : null;
    const expected = renamedTo ?? slug;
    if (!sameSlug(finalSlug, expected) || !sameSlug(profile.slug, expected)) {
      throw new IdentityMismatchError(
        slug,
        sameSlug(finalSlug, profile.slug) ? profile.slug : finalSlug,
      );
    }
    return { ...profile, renamedTo };
  }

  /** Checks, right before a write, that the page on screen is still `slug`'s profile. */
  async assertShowing(slug: string): Promise<ParsedProfile> {
    const parsed = await this.linkedIn.readUsable();
    const profile = parsed.page === 'profile' ? (parsed.profile ?? null) : null;
    const urlSlug = this.linkedIn.slugInUrl();
    if (!profile || !sameSlug(profile.slug, slug) || !sameSlug(urlSlug, slug)) {
      throw new IdentityMismatchError(slug, profile?.slug ?? urlSlug);
    }
    return profile;
  }

  /**
   * Sends an invitation from the profile (Connect in the top card, or under More), with the note
   * or without; returns without sending when the person is already pending or connected.
   * Never the account's own profile.
   */
  async sendInvitation(slug: string, note: string | null): Promise<InvitationOutcome> {
    if (sameSlug(slug, this.linkedIn.account.profileSlug)) throw new OwnProfileError(slug);
    const opened = await this.open(slug);
    const currentSlug = opened.renamedTo ?? slug;
    if (sameSlug(currentSlug, this.linkedIn.account.profileSlug)) {
      throw new OwnProfileError(currentSlug);
    }
    if (opened.action === 'pending') return 'already_pending';
    // a Message button alone is no connection: open profiles of 2nd-degree people show it too
    if (opened.degree === '1st') return 'already_connected';

    await this.linkedIn.pacer.readingPause(200);
    await this.assertShowing(currentSlug);
    await this.invite.clearToasts();
    const opensDialog = await this.openInviteDialog(currentSlug, opened);
    if (opensDialog === 'connected') return 'already_connected';

    await this.invite.complete({
      slug: currentSlug,
      note,
      isPendingInPlace: async () => (await this.topCard().locator(SELECTORS.pending).count()) > 0,
      isPendingAfterReload: async () => {
        await this.linkedIn.reload();
        return (await this.assertShowing(currentSlug)).action === 'pending';
      },
    });
    return 'sent';
  }

  /** Opens the message overlay from the top card (Message button or compose link). */
  async openMessageComposer(slug: string): Promise<ParsedProfile> {
    await this.open(slug);
    const profile = await this.assertShowing(slug);
    const layout = (await this.linkedIn.read()).layout ?? 'classic';
    await this.linkedIn.click(this.topCard().locator(SELECTORS.message[layout]).first());
    return profile;
  }

  // Clicks Connect in the card, else under More. A card with only Message and no Connect
  // under More, and no degree shown, is taken as a connection rather than a follow-only one.
  private async openInviteDialog(
    slug: string,
    profile: ParsedProfile,
  ): Promise<'dialog' | 'connected'> {
    const topCard = this.topCard();
    const connect = topCard.locator(SELECTORS.connect).first();
    if (profile.action === 'connect' && !profile.connectUnderMore && (await connect.count()) > 0) {
      await this.linkedIn.click(connect);
      return 'dialog';
    }
    const noConnect = (): 'connected' => {
      if (profile.action === 'message' && profile.degree === null) return 'connected';
      throw new FollowOnlyError(slug);
    };
    if (!profile.hasMoreButton) return noConnect();

    const layout = (await this.linkedIn.read()).layout ?? 'classic';
    await this.linkedIn.click(topCard.locator(SELECTORS.more[layout]).first());
    const menuConnect = topCard.locator(SELECTORS.menuConnect).first();
    const shown = await this.linkedIn.waitFor(
      async () => ((await menuConnect.count()) > 0 ? true : undefined),
      3_000,
    );
    if (!shown) {
      await this.linkedIn.page.keyboard.press('Escape');
      return noConnect();
    }
    await this.linkedIn.click(menuConnect);
    return 'dialog';
  }

  private topCard(): Locator {
    return this.linkedIn.page.locator(SELECTORS.topCard).first();
  }
}

function wasRedirected(response: Response | null): boolean {
  return response?.request().redirectedFrom() != null;
}
