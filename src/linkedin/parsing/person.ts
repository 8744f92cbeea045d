import { profileUrlFromSlug } from './slug';
import type { Degree, ParsedPerson, PersonAction } from './types';

export function buildPerson(fields: {
  slug: string;
  name: string;
  headline?: string | null;
  location?: string | null;
  degree?: Degree;
  action?: PersonAction;
}): ParsedPerson {
  return {
    slug: fields.slug,
    profileUrl: profileUrlFromSlug(fields.slug),
    name: fields.name,
    headline: fields.headline ?? null,
    location: fields.location ?? null,
    degree: fields.degree ?? null,
    action: fields.action ?? 'none',
  };
}

/** Keeps the first of each slug, in page order. */
export function uniqueBySlug<T extends { slug: string }>(people: readonly T[]): T[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    if (seen.has(person.slug)) return false;
    seen.add(person.slug);
    return true;
  });
}

/** Counts such as `action_connect` and `degree_2nd` over a list of people (non-zero only). */
export function countPeople(people: readonly ParsedPerson[]): Record<string, number> {
  const counts: Record<string, number> = { people: people.length };
  for (const person of people) {
    const actionKey = `action_${person.action}`;
    counts[actionKey] = (counts[actionKey] ?? 0) + 1;
    if (person.degree !== null) {
      const degreeKey = `degree_${person.degree}`;
      counts[degreeKey] = (counts[degreeKey] ?? 0) + 1;
    }
  }
  return counts;
}
