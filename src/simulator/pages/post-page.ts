import type { Account, Comment, Member, Post } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { html, profilePath, raw, type Html } from './html';
import { renderPage, type Viewer } from './shell';

const REACTORS_PER_PAGE = 10;
const COMMENTS_PER_PAGE = 10;

function degreeText(store: SimulatorStore, account: Account, memberId: number): string {
  if (memberId === account.memberId) return 'You';
  const degree = store.relationship(account, store.requireMember(memberId)).degree;
  return degree === '3rd' ? '3rd+' : degree;
}

/** One page of the reactions dialog, as HTML list items. */
export function reactorItems(store: SimulatorStore, account: Account, post: Post, start: number) {
  const slice = post.reactions.slice(start, start + REACTORS_PER_PAGE);
  const items = slice.map((reaction) => {
    const member = store.requireMember(reaction.memberId);
    const link = `/in/${member.profileId}?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3A${member.profileId}`;
    return html`<li class="artdeco-list__item social-details-reactors-tab-body-list-item">
      <a
        class="link-without-hover-state ember-view"
        href="${link}"
        rel="noopener noreferrer"
        target="_self"
      >
        <div class="artdeco-entity-lockup artdeco-entity-lockup--size-3 ember-view">
          <div class="artdeco-entity-lockup__image">
            <img alt="" width="48" height="48" /><img
              class="reactions-icon"
              data-test-reactions-icon-type="${reaction.type}"
              data-test-reactions-icon-theme="light"
              alt="${reaction.type.toLowerCase()}"
              width="16"
              height="16"
            />
          </div>
          <div class="artdeco-entity-lockup__content">
            <div class="artdeco-entity-lockup__title ember-view">
              <span dir="ltr"
                ><span aria-hidden="true">${member.fullName}</span
                ><span class="visually-hidden">View ${member.fullName}’s profile</span></span
              >
              <div class="artdeco-entity-lockup__degree">
                · ${degreeText(store, account, member.id)}
              </div>
            </div>
            <div class="artdeco-entity-lockup__caption ember-view">${member.headline}</div>
          </div>
        </div></a
      >
    </li>`;
  });
  const nextStart =
    start + REACTORS_PER_PAGE < post.reactions.length ? start + REACTORS_PER_PAGE : null;
  return { html: html`${items}`.text, nextStart };
}

function commentArticle(store: SimulatorStore, post: Post, comment: Comment, reply: boolean): Html {
  const author =
    comment.author.kind === 'company'
      ? (() => {
          const company = store.companies.get(comment.author.companyId);
          return {
            href: `/company/${company?.slug ?? 'unknown'}/`,
            name: company?.name ?? 'Company',
            subtitle: '12,345 followers',
            isAuthor: false,
          };
        })()
      : (() => {
          const member = store.requireMember(comment.author.memberId);
          return {
            href: profilePath(member.slug),
            name: member.fullName,
            subtitle: member.headline,
            isAuthor: member.id === post.authorMemberId,
          };
        })();
  const replies = comment.replies.map((item) => commentArticle(store, post, item, true));
  return html`<article
    class="comments-comment-entity${reply ? ' comments-comment-entity--reply' : ''}"
    data-id="urn:li:comment:(activity:${post.id},${comment.id})"
  >
    <div class="comments-comment-meta__container">
      <a
        class="comments-comment-meta__image-link"
        href="${author.href}"
        aria-hidden="true"
        tabindex="-1"
        ><img alt="" width="40" height="40"
      /></a>
      <div class="comments-comment-meta__actor">
        <a class="comments-comment-meta__description-container" href="${author.href}"
          ><h3 class="comments-comment-meta__description">
            <span class="comments-comment-meta__description-title">${author.name}</span
            >${author.isAuthor ? html`<span class="comments-comment-meta__badge">Author</span>` : ''}
          </h3>
          <div class="comments-comment-meta__description-subtitle">${author.subtitle}</div></a
        >
      </div>
      <time class="comments-comment-meta__data">1d</time>
    </div>
    <div class="comments-comment-item__main-content feed-shared-main-content--comment">
      <span class="comments-comment-item__main-content" dir="ltr"
        ><span>${comment.text}</span></span
      >
    </div>
    <div class="comments-comment-social-bar">
      <button
        class="comments-comment-social-bar__reply-action-button"
        type="button"
        aria-label="Reply to ${author.name}’s comment"
      >
        Reply
      </button>
    </div>
    ${replies.length > 0 ? html`<div class="comments-replies-list">${replies}</div>` : ''}
  </article>`;
}

/** One page of top-level comments (with their replies), as HTML. */
export function commentItems(store: SimulatorStore, post: Post, start: number) {
  const slice = post.comments.slice(start, start + COMMENTS_PER_PAGE);
  const nextStart =
    start + COMMENTS_PER_PAGE < post.comments.length ? start + COMMENTS_PER_PAGE : null;
  return {
    html: html`${slice.map((comment) => commentArticle(store, post, comment, false))}`.text,
    nextStart,
  };
}

// Who reacted, as a few photos under the post: links to reactors, who are not the author.
function reactorsFacepile(store: SimulatorStore, post: Post): Html {
  const shown = post.reactions.slice(0, 3);
  if (shown.length === 0) return html``;
  const items = shown.map((reaction) => {
    const member = store.requireMember(reaction.memberId);
    return html`<li class="social-details-reactors-facepile__list-item">
      <a
        class="social-details-reactors-facepile__profile-link ember-view"
        aria-label="View ${member.fullName}’s profile photo, reacted with ${reaction.type}"
        href="${profilePath(member.slug)}"
        rel="noopener noreferrer"
        target="_blank"
        tabindex="0"
        ><img alt="" width="24" height="24"
      /></a>
    </li>`;
  });
  return html`<section class="social-details-reactors-facepile" id="reactors-facepile-id">
    <h3
      class="social-details-reactors-facepile__reactions-text t-sans t-16 t-black mt4 mh0 mb2"
      id="social-details-reactors-facepile__reactions-text"
    >
      Reactions
    </h3>
    <ul
      class="social-details-reactors-facepile__list"
      aria-labelledby="social-details-reactors-facepile__reactions-text"
    >
      ${items}
    </ul>
  </section>`;
}

function authorFollow(store: SimulatorStore, account: Account, author: Member): Html {
  if (author.id === account.memberId) return html``;
  if (store.relationship(account, author).degree === '1st') return html``;
  const following = store.isFollowing(account, author);
  return html`<button
    class="follow update-components-actor__follow-button artdeco-button text-body-medium-bold artdeco-button--tertiary"
    aria-label="Follow ${author.fullName}"
    aria-pressed="${following ? 'true' : 'false'}"
    type="button"
    data-sim-action="follow"
    data-sim-target="${author.slug}"
  >
    <span aria-hidden="true">${following ? 'Following' : 'Follow'}</span>
  </button>`;
}

// TODO: no capture of a new-layout post exists; both layouts get the classic post markup
// (dialogs still open in the interop shadow root in the new layout).
export function postPage(input: {
  store: SimulatorStore;
  account: Account;
  viewer: Viewer;
  post: Post;
}): string {
  const { store, post } = input;
  const author = store.requireMember(post.authorMemberId);
  const firstComments = commentItems(store, post, 0);
  const reactionCount = post.reactions.length;
  const body = html`<div
    class="feed-shared-update-v2 feed-shared-update-v2--minimal-padding full-height relative artdeco-card"
    data-urn="urn:li:${post.urnKind}:${post.id}"
    role="article"
  >
    <div class="update-components-actor__container">
      <a
        class="update-components-actor__image"
        href="${profilePath(author.slug)}"
        aria-label="View ${author.fullName}’s profile"
        ><img alt="" width="48" height="48"
      /></a>
      <div class="update-components-actor__meta">
        <a class="update-components-actor__meta-link" href="${profilePath(author.slug)}"
          ><span class="update-components-actor__title"
            ><span dir="ltr"
              ><span aria-hidden="true">${author.fullName}</span
              ><span class="visually-hidden">${author.fullName}</span></span
            ></span
          >
          <span class="update-components-actor__supplementary-actor-info"
            ><span aria-hidden="true"> • ${degreeText(store, input.account, author.id)}</span></span
          >
          <span class="update-components-actor__description"
            ><span aria-hidden="true">${author.headline}</span></span
          ></a
        >
        <span class="update-components-actor__sub-description"
          ><span aria-hidden="true">2d • </span></span
        >
      </div>
      ${authorFollow(store, input.account, author)}
    </div>
    <div class="feed-shared-update-v2__description">
      <div class="update-components-text relative">
        <span class="break-words" dir="ltr"><span>${post.text}</span></span>
      </div>
    </div>
    <div class="update-v2-social-activity">
      <div class="social-details-social-counts">
        <ul class="social-details-social-counts">
          <li class="social-details-social-counts__item social-details-social-counts__reactions">
            <button
              class="t-black--light display-flex align-items-center social-details-social-counts__count-value social-details-social-counts__count-value-hover text-body-small hoverable-link-text"
              aria-label="${reactionCount} reactions"
              type="button"
              data-reaction-details
              data-sim-action="reactions"
              data-sim-post="${post.id}"
            >
              <span class="social-details-social-counts__reactions-count" aria-hidden="true"
                >${reactionCount}</span
              >
            </button>
          </li>
          <li class="social-details-social-counts__item social-details-social-counts__comments">
            <button
              class="t-black--light social-details-social-counts__btn"
              aria-label="${post.comments.length} comments on ${author.fullName}’s post"
              type="button"
            >
              <span aria-hidden="true">${post.comments.length} comments</span>
            </button>
          </li>
        </ul>
      </div>
      ${reactorsFacepile(store, post)}
      <div class="feed-shared-social-action-bar">
        <button
          class="artdeco-button social-actions-button react-button__trigger"
          aria-label="React Like"
          type="button"
        >
          <span class="artdeco-button__text">Like</span></button
        ><button
          class="artdeco-button social-actions-button comment-button"
          aria-label="Comment"
          type="button"
        >
          <span class="artdeco-button__text">Comment</span>
        </button>
      </div>
      <div class="feed-shared-update-v2__comments-container">
        <div class="comments-comment-box">
          <form class="comments-comment-box__form">
            <div class="comments-comment-box-comment__text-editor">
              <div
                class="ql-editor"
                contenteditable="true"
                role="textbox"
                aria-label="Text editor for creating content"
                data-placeholder="Add a comment…"
              ></div>
            </div>
          </form>
        </div>
        <div class="comments-comments-list comments-comments-list--cr">
          <div class="comments-comments-list__comment-container">${raw(firstComments.html)}</div>
          ${
            firstComments.nextStart !== null
              ? html`<div class="comments-comments-list__load-more-comments-button--cr">
                  <button
                    class="comments-comments-list__load-more-comments-button artdeco-button artdeco-button--muted artdeco-button--1 artdeco-button--tertiary"
                    aria-label="Load more comments"
                    type="button"
                    data-sim-action="load-comments"
                    data-sim-post="${post.id}"
                    data-sim-start="${firstComments.nextStart}"
                  >
                    <span class="artdeco-button__text">Load more comments</span>
                  </button>
                </div>`
              : ''
          }
        </div>
      </div>
    </div>
  </div>`;
  return renderPage({
    title: `${author.fullName} on LinkedIn`,
    viewer: input.viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.feed.UpdateDetail',
  });
}
