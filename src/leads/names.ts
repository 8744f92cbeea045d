/** A person's name as templates use it; any part may be unknown. */
export interface CleanName {
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
}

export interface RawName {
  firstName?: string | null;
  lastName?: string | null;
  fullName?: string | null;
}

const HONORIFIC =
  /^(?:dr|prof|mr|mrs|ms|miss|mx|sir|dame|rev|hon|herr|frau|mme|mlle|ing|dipl\.?-ing)(?:\.\s*|\s+)/i;

// Compared without dots, upper-cased.
const CREDENTIALS = new Set([
  'PHD',
  'MBA',
  'CFA',
  'CPA',
  'MD',
  'DO',
  'DDS',
  'JD',
  'LLM',
  'MSC',
  'BSC',
  'MA',
  'BA',
  'MS',
  'MENG',
  'PMP',
  'CISSP',
  'CSM',
  'RN',
  'PE',
  'ESQ',
  'ACCA',
  'FCA',
  'ACA',
  'MBBS',
  'SHRM-CP',
  'SPHR',
  'CIPD',
  'JR',
  'SR',
  'II',
  'III',
]);

// Particles that stay lower-case before a surname ("van der Berg", "de la Cruz").
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'das',
  'do',
  'dos',
  'du',
  'la',
  'le',
  'ter',
  'ten',
  'y',
  'zu',
]);

// Emoji, flags, skin tones, keycaps and the joiners and selectors between them.
const EMOJI =
  /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]|\u{FE0E}|\u{FE0F}|\u{200D}|\u{20E3}/gu;
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]/g;
const BRACKETED = /\s*[([{][^)\]}]*[)\]}]/g;
const DOUBLE_QUOTED = /\s*["“”„«»][^"“”„«»]*["“”„«»]/g;
// 'Bob' as a whole word; an apostrophe inside a name (O'Brien) has a letter before it.
const SINGLE_QUOTED = /(^|\s)['‘’][^'‘’]+['‘’](?=\s|$)/g;
const EDGE_PUNCTUATION = /^[\s,;:|•·\-–—_/.]+|[\s,;:|•·\-–—_/]+$/g;

/** Cleans one name cell (a first or a last name) for use in a message. */
export function cleanNamePart(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) {
    return null;
  }
  let name = stripDecoration(raw);
  name = name.split(',')[0];
  name = stripHonorifics(name);
  name = stripTrailingCredentials(name);
  name = tidy(name);
  return name === '' ? null : fixCase(name);
}

/** Cleans the name parts of a lead, splitting a full name when first and last are missing. */
export function cleanName(raw: RawName): CleanName {
  let firstName = cleanNamePart(raw.firstName);
  let lastName = cleanNamePart(raw.lastName);
  const cleanedFull = cleanFullName(raw.fullName);

  if (firstName === null && cleanedFull !== null) {
    const split = splitFullName(cleanedFull);
    firstName = split.firstName;
    lastName = lastName ?? split.lastName;
  } else if (firstName !== null && lastName === null && cleanedFull?.startsWith(`${firstName} `)) {
    lastName = cleanedFull.slice(firstName.length + 1);
  }

  const fullName =
    firstName !== null
      ? [firstName, lastName].filter(Boolean).join(' ')
      : (lastName ?? cleanedFull);
  return { firstName, lastName, fullName };
}

/** Cleans a full name; "Okafor, Idris" is read as last, first unless the tail is credentials. */
export function cleanFullName(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) {
    return null;
  }
  let name = stripDecoration(raw);
  const [head, ...rest] = name.split(',');
  const tail = rest.join(',').trim();
  if (tail === '' || looksLikeCredentials(tail)) {
    name = head;
  } else {
    name = `${tail} ${head}`;
  }
  name = tidy(stripTrailingCredentials(stripHonorifics(tidy(name))));
  return name === '' ? null : fixCase(name);
}

/** Splits a cleaned full name: the first word is the first name, the rest the last name. */
export function splitFullName(fullName: string): { firstName: string; lastName: string | null } {
  const words = fullName.split(' ');
  if (words.length === 1) {
    return { firstName: fullName, lastName: null };
  }
  return { firstName: words[0], lastName: words.slice(1).join(' ') };
}

// ASCII and accented Latin letters without quotes or brackets: nothing to strip, already NFC.
const PLAIN_LATIN = /^[^"'([{\u0080-\u00bf\u0100-\uffff]*$/;

function stripDecoration(raw: string): string {
  if (PLAIN_LATIN.test(raw)) {
    return raw;
  }
  return raw
    .normalize('NFC')
    .replace(EMOJI, '')
    .replace(INVISIBLE, '')
    .replace(BRACKETED, ' ')
    .replace(DOUBLE_QUOTED, ' ')
    .replace(SINGLE_QUOTED, '$1');
}

function stripHonorifics(name: string): string {
  let remaining = name.trim();
  for (let match = HONORIFIC.exec(remaining); match !== null; match = HONORIFIC.exec(remaining)) {
    const rest = remaining.slice(match[0].length);
    if (rest.trim() === '') {
      break;
    }
    remaining = rest;
  }
  return remaining;
}

function stripTrailingCredentials(name: string): string {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && isCredential(words[words.length - 1])) {
    words.pop();
  }
  return words.join(' ');
}

function looksLikeCredentials(text: string): boolean {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .every((word) => isCredential(word) || /^[A-Z][A-Z.]{1,6}$/.test(word));
}

function isCredential(word: string): boolean {
  const letters = word.replace(/[.,]/g, '');
  if (!CREDENTIALS.has(letters.toUpperCase())) {
    return false;
  }
  // "Ma" or "Do" written like a name is a name; "MA", "PhD" are not.
  return letters.length <= 1 || /\p{Lu}/u.test(letters.slice(1));
}

function tidy(name: string): string {
  return name.replace(/\s+/g, ' ').replace(EDGE_PUNCTUATION, '').trim();
}

/**
 * Fixes names written all in capitals or all in lower case, and single shouted words in an
 * otherwise mixed name ("Pieter VAN DER BERG"); other mixed case (McDonald) is left alone.
 */
function fixCase(name: string): string {
  const wholeNameShouted = isSingleCase(name);
  const words = name.split(' ');
  return words
    .map((word, index) => {
      const shouted = isSingleCase(word) && (PARTICLES.has(word.toLowerCase()) || word.length > 2);
      if (!wholeNameShouted && !(shouted && word === word.toUpperCase())) {
        return word;
      }
      const lower = word.toLowerCase();
      const beforeSurname = index < words.length - 1;
      return beforeSurname && PARTICLES.has(lower) ? lower : capitalizeWord(lower);
    })
    .join(' ');
}

/** Has cased letters, all upper or all lower. */
function isSingleCase(text: string): boolean {
  const hasCase = text.toUpperCase() !== text.toLowerCase();
  return hasCase && (text === text.toUpperCase() || text === text.toLowerCase());
}

function capitalizeWord(word: string): string {
  return word
    .split(/(?<=[-'’])/)
    .map((part) => capitalizeFirst(part))
    .join('')
    .replace(/^Mc(\p{Ll})/u, (_match, letter: string) => `Mc${letter.toUpperCase()}`);
}

function capitalizeFirst(text: string): string {
  const [first, ...rest] = [...text];
  return first === undefined ? text : first.toUpperCase() + rest.join('');
}
