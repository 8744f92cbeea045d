/** Geo ids for the `geoUrn` facet: a country id (LinkedIn's where known) and a city id. */

const COUNTRY_GEO_IDS: Record<string, string> = {
  'united states': '103644278',
  'united kingdom': '101165590',
  ireland: '104738515',
  poland: '105072130',
  polska: '105072130',
  germany: '101282230',
  switzerland: '106693272',
  france: '105015875',
  spain: '105646813',
  mexico: '103323778',
  italy: '103350119',
  kazakhstan: '106049128',
  georgia: '106315325',
  serbia: '101855366',
  ukraine: '102264497',
  greece: '104677530',
  japan: '101355337',
  china: '102890883',
  singapore: '102454443',
  taiwan: '104187078',
  'south korea': '105149562',
  'united arab emirates': '104305776',
  'saudi arabia': '100459316',
  egypt: '106155005',
  india: '102713980',
  türkiye: '102105699',
  vietnam: '104195383',
};

// A stable 9-digit id for a place without a known LinkedIn id (FNV-1a of its name).
function placeId(name: string): string {
  let hash = 0x811c9dc5;
  for (const character of name.normalize('NFC').toLowerCase()) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return String(100_000_000 + (hash % 900_000_000));
}

/** The geo ids a location matches: its country's and, for "City, …, Country", the city's. */
export function geoIdsOf(location: string): string[] {
  const parts = location
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return [];
  const country = parts[parts.length - 1];
  const countryId = COUNTRY_GEO_IDS[country.toLowerCase()] ?? placeId(country);
  if (parts.length === 1) return [countryId];
  return [placeId(parts[0]), countryId];
}

/** A facet value as a bare id: `urn:li:geo:103644278` and `103644278` are the same. */
export function facetId(value: string): string {
  const match = /^urn:li:[A-Za-z_]+:(.+)$/.exec(value.trim());
  return match ? match[1] : value.trim();
}
