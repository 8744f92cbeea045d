import { describe, expect, it } from 'vitest';
import { parsePage } from './parse-page';
import { parsePostCommenters, parsePostReactors } from './post';

function reactor(slug: string, name: string, degree: string, reaction: string): string {
  return `<li class="social-details-reactors-tab-body-list-item artdeco-list__item">
    <a href="https://www.linkedin.com/in/${slug}?miniProfileUrn=x" class="link-without-hover-state">
      <div class="artdeco-entity-lockup">
        <div class="artdeco-entity-lockup__image"><img alt="">
          <img data-test-reactions-icon-type="${reaction}" alt="${reaction.toLowerCase()}"></div>
        <div class="artdeco-entity-lockup__title"><span dir="ltr"><span aria-hidden="true">${name}</span><span class="visually-hidden">View ${name}’s profile</span></span></div>
        <div class="artdeco-entity-lockup__degree">· ${degree}</div>
        <div class="artdeco-entity-lockup__caption">Product Manager</div>
      </div></a></li>`;
}

const reactionsDialog = `<html lang="en"><body><div data-urn="urn:li:activity:7000000000000000001" role="article"></div>
  <div role="dialog" class="artdeco-modal social-details-reactors-modal" aria-labelledby="h">
  <h2 id="h">Reactions</h2><ul>
  ${reactor('ada-lovelace', 'Ada Lovelace', '2nd', 'PRAISE')}
  ${reactor('alan-turing-1', 'Alan Turing', '3rd+', 'LIKE')}
  <li class="social-details-reactors-tab-body-list-item"><a href="https://www.linkedin.com/company/acme/"><div class="artdeco-entity-lockup__title">Acme</div></a></li>
  ${reactor('ada-lovelace', 'Ada Lovelace', '2nd', 'PRAISE')}
  </ul><button class="scaffold-finite-scroll__load-button">Show more results</button></div></body></html>`;

describe('parsePostReactors', () => {
  it('lists the people in the reactions dialog with their reaction', () => {
    expect(parsePostReactors(reactionsDialog)).toMatchObject([
      {
        slug: 'ada-lovelace',
        name: 'Ada Lovelace',
        degree: '2nd',
        reaction: 'PRAISE',
        headline: 'Product Manager',
      },
      { slug: 'alan-turing-1', name: 'Alan Turing', degree: '3rd', reaction: 'LIKE' },
    ]);
  });

  it('finds no reactors when no dialog is open', () => {
    expect(parsePostReactors('<html><body><div role="article"></div></body></html>')).toEqual([]);
  });
});

function comment(entity: string, href: string, name: string, text: string, replies = ''): string {
  return `<article class="comments-comment-entity" data-id="urn:li:comment:(activity:1,${Math.abs(name.length * 7919)})">
    <div class="comments-comment-meta__actor">
      <a class="comments-comment-meta__image-link" href="${href}"><img alt="${name}"></a>
      <a class="comments-comment-meta__description-container" href="${href}">
        <h3 class="comments-comment-meta__description"><span class="comments-comment-meta__description-title">${name}</span>
        <span class="comments-comment-meta__data">• 2nd</span></h3>
        <div class="comments-comment-meta__description-subtitle">${entity}</div></a></div>
    <div class="comments-comment-item__main-content"><span dir="ltr">${text}</span></div>
    ${replies}</article>`;
}

const postWithComments = `<html lang="en"><body>
<div data-urn="urn:li:activity:7000000000000000002" role="article" class="feed-shared-update-v2">
  <div class="update-components-actor">
    <a href="https://www.linkedin.com/in/post-author/" aria-label="View: Post Author"><img alt=""></a>
    <a href="https://www.linkedin.com/in/post-author/"><span dir="ltr"><span aria-hidden="true">Post Author</span><span class="visually-hidden">Post Author</span></span>
      <span><span aria-hidden="true">• 2nd</span></span></a>
  </div>
  <button aria-label="Follow Post Author" aria-pressed="false">Follow</button>
  <div class="comments-comments-list">
  ${comment(
    'Engineer',
    'https://www.linkedin.com/in/carla-c/',
    'Carla C.',
    'Great news!',
    comment('Author', 'https://www.linkedin.com/in/post-author/', 'Post Author', 'Thanks Carla'),
  )}
  ${comment('Company', 'https://www.linkedin.com/company/acme-corp/', 'Acme Corp', 'Congrats from Acme')}
  ${comment('Designer', 'https://www.linkedin.com/in/dan-d/', 'Dan D.', 'Well done')}
  ${comment('Engineer', 'https://www.linkedin.com/in/carla-c/', 'Carla C.', 'Again!')}
  </div><button aria-label="Load more comments">Load more comments</button>
</div></body></html>`;

describe('parsePostCommenters', () => {
  it('lists each person once, without companies and without the post author', () => {
    const commenters = parsePostCommenters(postWithComments);
    expect(commenters.map((person) => person.slug)).toEqual(['carla-c', 'dan-d']);
    expect(commenters[0]).toMatchObject({
      name: 'Carla C.',
      headline: 'Engineer',
      commentText: 'Great news!',
      degree: '2nd',
    });
  });

  it('leaves out the author given by the caller', () => {
    const commenters = parsePostCommenters(postWithComments, { postAuthorSlug: 'dan-d' });
    expect(commenters.map((person) => person.slug)).toEqual(['carla-c', 'post-author']);
  });

  it('reads the post page: author, commenters and counts', () => {
    const parsed = parsePage(postWithComments, {
      url: 'https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000002/',
    });
    expect(parsed.page).toBe('post');
    expect(parsed.people).toMatchObject([
      { slug: 'post-author', name: 'Post Author', degree: '2nd', action: 'follow' },
    ]);
    expect(parsed.commenters?.map((person) => person.slug)).toEqual(['carla-c', 'dan-d']);
    expect(parsed.counts).toMatchObject({ posts: 1, comments: 5 });
  });
});
