import type { LeadVariable } from '../templates';

/** The lead fields a column of an uploaded file can fill. */
export type LeadField =
  | 'profileUrl'
  | 'firstName'
  | 'lastName'
  | 'fullName'
  | 'company'
  | 'position'
  | 'location'
  | 'email'
  | 'connectedOn'
  | 'notes';

/** Where each known field sits in the file; URL columns are in order of preference. */
export interface ColumnMap {
  urlColumns: number[];
  fields: Partial<Record<Exclude<LeadField, 'profileUrl'>, number>>;
  /**
   * Columns templates read as `{{custom.<header>}}`, by unique header: every named column but
   * those filling a field templates name directly (`{{firstName}}`).
   */
  customColumns: { index: number; name: string }[];
  /** Fields more than one column could fill, said in words: which one is used, what the others become. */
  warnings: string[];
}

// Header spellings, compared lower-cased with everything but letters and digits removed.
// URL columns come first to last in the order a public slug is preferred: a PhantomBuster
// export has the public URL in defaultProfileUrl, a member id URL and a Sales Navigator URL.
const URL_HEADERS = [
  'defaultprofileurl',
  'publicprofileurl',
  'linkedinurl',
  'linkedinprofileurl',
  'linkedinprofile',
  'personlinkedinurl',
  'linkedin',
  'linkedinlink',
  'profileurl',
  'profilelink',
  'profile',
  'url',
  'salesnavigatorurl',
  'salesnavigatorprofileurl',
];

const FIELD_HEADERS: Record<Exclude<LeadField, 'profileUrl'>, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'forename'],
  lastName: ['lastname', 'last', 'surname', 'familyname'],
  fullName: ['fullname', 'name', 'contactname', 'personname'],
  company: ['company', 'companyname', 'currentcompany', 'organization', 'organisation', 'employer'],
  position: ['position', 'title', 'jobtitle', 'currentposition', 'role', 'occupation'],
  location: ['location', 'personlocation', 'locationname', 'geography'],
  email: ['email', 'emailaddress', 'workemail', 'businessemail', 'mail'],
  connectedOn: ['connectedon', 'connectiondate', 'connectedat', 'connectedsince'],
  notes: ['notes', 'note', 'comment', 'comments'],
};

// The fields templates read as variables of their own; a column filling one is not also custom.
const TEMPLATE_FIELDS: Record<LeadVariable, true> = {
  firstName: true,
  lastName: true,
  fullName: true,
  company: true,
  position: true,
  location: true,
};

export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function isUrlHeader(header: string): boolean {
  return URL_HEADERS.includes(normalizeHeader(header));
}

/** The lead field a column with this header fills ("Title" fills position), if any. */
export function fieldOfHeader(header: string): LeadField | undefined {
  const normalized = normalizeHeader(header);
  if (URL_HEADERS.includes(normalized)) return 'profileUrl';
  return (Object.keys(FIELD_HEADERS) as (keyof typeof FIELD_HEADERS)[]).find((field) =>
    FIELD_HEADERS[field].includes(normalized),
  );
}

/** Maps a header row to lead fields; the first column of a field wins, the rest are custom. */
export function mapColumns(headers: string[]): ColumnMap {
  const normalized = headers.map(normalizeHeader);
  const taken = new Set<number>();

  const urlColumns = URL_HEADERS.flatMap((spelling) =>
    normalized.flatMap((header, index) => (header === spelling ? [index] : [])),
  );
  urlColumns.forEach((index) => taken.add(index));

  const fields: ColumnMap['fields'] = {};
  for (const [field, spellings] of Object.entries(FIELD_HEADERS) as [
    keyof typeof FIELD_HEADERS,
    string[],
  ][]) {
    const index = spellings
      .map((spelling) => normalized.findIndex((header, i) => header === spelling && !taken.has(i)))
      .find((found) => found !== -1);
    if (index !== undefined) {
      fields[field] = index;
      taken.add(index);
    }
  }

  const names = uniqueNames(headers);
  const templateFieldColumns = new Set(
    Object.entries(fields).flatMap(([field, index]) =>
      Object.hasOwn(TEMPLATE_FIELDS, field) ? [index] : [],
    ),
  );
  const customColumns = names
    .map((name, index) => ({ index, name }))
    .filter(({ index, name }) => !templateFieldColumns.has(index) && name !== '');

  const warnings = [...urlWarnings(headers, normalized, urlColumns)];
  for (const [field, spellings] of Object.entries(FIELD_HEADERS)) {
    const used = fields[field as keyof typeof FIELD_HEADERS];
    // Which column fills notes or connectedOn changes nothing a lead keeps: all stay custom.
    if (used === undefined || !(Object.hasOwn(TEMPLATE_FIELDS, field) || field === 'email')) {
      continue;
    }
    const others = normalized.flatMap((header, index) =>
      spellings.includes(header) && index !== used && !urlColumns.includes(index) ? [index] : [],
    );
    if (others.length === 0) continue;
    const kept = others.map((index) => `${describeColumn(headers, index)} as "${names[index]}"`);
    warnings.push(
      `${others.length + 1} columns could hold ${field}: ${describeColumn(headers, used)} is ` +
        `used; the other ${others.length === 1 ? 'one is' : 'ones are'} kept as custom columns ` +
        `(${kept.join(', ')})`,
    );
  }

  return { urlColumns, fields, customColumns, warnings };
}

/** Columns with the same URL header: a row uses the first good URL and takes the rest as the same person. */
function urlWarnings(headers: string[], normalized: string[], urlColumns: number[]): string[] {
  const bySpelling = new Map<string, number[]>();
  for (const index of urlColumns) {
    bySpelling.set(normalized[index], [...(bySpelling.get(normalized[index]) ?? []), index]);
  }
  return [...bySpelling.values()]
    .filter((indexes) => indexes.length > 1)
    .map(
      (indexes) =>
        `${indexes.length} columns hold the profile URL (${indexes.map((index) => describeColumn(headers, index)).join(', ')}): ` +
        'each row uses the first of them with a usable profile URL (a public profile before a ' +
        'member id) and takes a different URL in the others as the same person',
    );
}

function describeColumn(headers: string[], index: number): string {
  return `"${headers[index].trim()}" (column ${index + 1})`;
}

/** Header names made unique ("Email", "Email (2)") so no custom value hides another. */
function uniqueNames(headers: string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((header) => {
    const name = header.trim();
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}
