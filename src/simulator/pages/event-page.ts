import type { SimEvent } from '../state/model';
import type { SimulatorStore } from '../state/store';
import { html, profilePath } from './html';
import { renderPage, type Viewer } from './shell';

// TODO: no capture of an event page exists; both layouts share this markup.
export function eventPage(input: {
  store: SimulatorStore;
  viewer: Viewer;
  event: SimEvent;
}): string {
  const { event, store } = input;
  const organizer = store.requireMember(event.organizerMemberId);
  const attendeesUrl = `/search/results/people/?eventAttending=${encodeURIComponent(JSON.stringify([event.id]))}&origin=EVENT_PAGE_CANNED_SEARCH`;
  const count = event.attendeeMemberIds.length;
  const body = html`<section class="events-live-top-card artdeco-card" data-event-id="${event.id}">
    <h1 class="events-top-card__title t-24">${event.title}</h1>
    <p class="t-14">Event by <a href="${profilePath(organizer.slug)}">${organizer.fullName}</a></p>
    <p class="t-14">
      <time datetime="${new Date(event.startsAt).toISOString()}"
        >${new Date(event.startsAt).toUTCString()}</time
      >
    </p>
    <div class="events-top-card__attendees">
      <a class="app-aware-link" href="${attendeesUrl}" aria-label="See all ${count} attendees"
        ><span>${count} attendees</span></a
      >
    </div>
    <button class="artdeco-button artdeco-button--primary" type="button">Attend</button>
  </section>`;
  return renderPage({
    title: event.title,
    viewer: input.viewer,
    body,
    screen: 'com.linkedin.sdui.flagshipnav.events.Event',
  });
}
