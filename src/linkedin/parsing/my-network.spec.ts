import { describe, expect, it } from 'vitest';
import { parseConnections } from './connections';
import { parsePage } from './parse-page';
import { parseSentInvitations } from './sent-invitations';

function sentRow(slug: string, name: string, headline: string, sent: string): string {
  return `<div role="listitem"><a href="https://www.linkedin.com/in/${slug}/"><img alt="${name}"></a>
    <div><a href="https://www.linkedin.com/in/${slug}/"><p>${name}</p></a><p>${headline}</p><p>${sent}</p></div>
    <button data-view-name="sent-invitations-withdraw-single" aria-label="Withdraw invitation sent to ${name}"><span>Withdraw</span></button></div>`;
}

const sentPage = `<html lang="en"><body><nav><a href="/feed/">Home</a><a href="/mynetwork/">My Network</a></nav><main>
  <h2>People (905)</h2><div role="list">
  ${sentRow('grace-hopper', 'Grace Hopper', 'Rear Admiral', 'Sent 3 weeks ago')}
  ${sentRow('ken-thompson-7', 'Ken Thompson', 'Unix', 'Sent today')}
  </div><button>Load more</button>
  <dialog open><p>Withdraw invitation?</p><button>Cancel</button><button>Withdraw</button></dialog></main></body></html>`;

describe('parseSentInvitations', () => {
  it('reads each invitation as pending with its sent time', () => {
    expect(parseSentInvitations(sentPage)).toMatchObject([
      {
        slug: 'grace-hopper',
        name: 'Grace Hopper',
        headline: 'Rear Admiral',
        sentText: 'Sent 3 weeks ago',
        action: 'pending',
        degree: null,
      },
      { slug: 'ken-thompson-7', name: 'Ken Thompson', action: 'pending' },
    ]);
  });

  it('classifies the page by its URL and lists the invitations as people', () => {
    const parsed = parsePage(sentPage, {
      url: 'https://www.linkedin.com/mynetwork/invitation-manager/sent/',
    });
    expect(parsed.page).toBe('sent_invitations');
    expect(parsed.people.map((person) => person.slug)).toEqual(['grace-hopper', 'ken-thompson-7']);
  });

  it('recognises the page without its URL by the withdraw buttons', () => {
    expect(parsePage(sentPage).page).toBe('sent_invitations');
  });
});

describe('parseConnections', () => {
  it('reads classic connection cards', () => {
    const html = `<html lang="en"><body><ul>
      <li class="mn-connection-card artdeco-list"><a class="mn-connection-card__link" href="/in/linus-t/"><img alt="Linus T"></a>
        <a class="mn-connection-card__link" href="/in/linus-t/"><span class="mn-connection-card__name">Linus T</span>
        <span class="mn-connection-card__occupation">Kernel maintainer</span></a>
        <time class="time-badge">Connected 2 days ago</time>
        <button aria-label="Send a message to Linus T">Message</button></li>
      <li class="mn-connection-card"><a class="mn-connection-card__link" href="https://www.linkedin.com/in/margaret-h/"><span class="mn-connection-card__name">Margaret H</span>
        <span class="mn-connection-card__occupation">Apollo</span></a><time>Connected 1 month ago</time></li>
      </ul></body></html>`;
    const parsed = parsePage(html, {
      url: 'https://www.linkedin.com/mynetwork/invite-connect/connections/',
    });
    expect(parsed.page).toBe('connections');
    expect(parsed.connections).toMatchObject([
      {
        slug: 'linus-t',
        name: 'Linus T',
        headline: 'Kernel maintainer',
        connectedText: 'Connected 2 days ago',
        degree: '1st',
        action: 'message',
      },
      { slug: 'margaret-h', name: 'Margaret H', headline: 'Apollo' },
    ]);
  });

  it('reads new-layout contacts whose photo and name link to the same profile', () => {
    const contact = (slug: string, name: string, headline: string) => `<div>
      <a href="https://www.linkedin.com/in/${slug}/"><figure><img alt="${name}"></figure></a>
      <div><p><a href="https://www.linkedin.com/in/${slug}/">${name}</a></p><p>${headline}</p><p>Connected on May 2, 2026</p></div>
      <a href="/messaging/compose/?recipient=ACoAA1">Message</a></div>`;
    const html = `<html lang="pl"><body><main><section componentkey="ConnectionsPage_ConnectionsList">
      ${contact('anna-nowak', 'Anna Nowak', 'Księgowa')}${contact('jan-kowalski-9', 'Jan Kowalski', 'Kierowca')}
      </section></main></body></html>`;
    expect(parsePage(html).page).toBe('connections');
    expect(parseConnections(html)).toMatchObject([
      { slug: 'anna-nowak', name: 'Anna Nowak', headline: 'Księgowa', degree: '1st' },
      { slug: 'jan-kowalski-9', name: 'Jan Kowalski', headline: 'Kierowca' },
    ]);
  });
});
