import { facetId } from './geo';
import type { Account, Member } from './model';
import type { SimulatorStore } from './store';

export interface PeopleQuery {
  keywords: string;
  /** LinkedIn's network facet: F = 1st, S = 2nd, O = 3rd and beyond. */
  network: string[];
  /** Geo ids (`103644278` or `urn:li:geo:103644278`). */
  geoUrn?: string[];
  /** Company ids (`1035` or `urn:li:company:1035`). */
  currentCompany?: string[];
  eventAttending: string[];
}

/**
 * Reads a list facet, which LinkedIn writes as a URL-encoded JSON array (`["F","S"]`) and
 * sometimes as a single JSON string (`"urn:li:geo:103644278"`).
 */
export function parseListFacet(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map(String);
    return [String(parsed)];
  } catch {
    return value.split(',').map((part) => part.trim());
  }
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const NETWORK_CODES = { '1st': 'F', '2nd': 'S', '3rd': 'O' } as const;

export function searchPeople(
  store: SimulatorStore,
  account: Account,
  query: PeopleQuery,
): Member[] {
  const terms = fold(query.keywords).split(/\s+/).filter(Boolean);
  let candidates = [...store.members.values()].filter((member) => member.id !== account.memberId);

  if (query.eventAttending.length > 0) {
    const attendees = new Set<number>();
    for (const eventId of query.eventAttending) {
      for (const id of store.events.get(eventId)?.attendeeMemberIds ?? []) attendees.add(id);
    }
    candidates = candidates.filter((member) => attendees.has(member.id));
  }
  if (terms.length > 0) {
    candidates = candidates.filter((member) => {
      const text = fold(
        `${member.fullName} ${member.headline} ${member.company} ${member.location} ${member.slug}`,
      );
      return terms.every((term) => text.includes(term));
    });
  }
  const geoIds = (query.geoUrn ?? []).map(facetId);
  if (geoIds.length > 0) {
    candidates = candidates.filter((member) => member.geoIds.some((id) => geoIds.includes(id)));
  }
  const companyIds = (query.currentCompany ?? []).map(facetId);
  if (companyIds.length > 0) {
    candidates = candidates.filter(
      (member) => member.companyId !== null && companyIds.includes(String(member.companyId)),
    );
  }
  if (query.network.length > 0) {
    candidates = candidates.filter((member) =>
      query.network.includes(NETWORK_CODES[store.relationship(account, member).degree]),
    );
  }
  return candidates.sort((left, right) => left.id - right.id);
}
