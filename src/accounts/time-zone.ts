import { IANAZone } from 'luxon';

// ICU (so Intl) still names these zones by IANA's older names; each maps to the current one.
const CURRENT_NAMES: Record<string, string> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/**
 * A valid zone by its current canonical IANA name: `europe/berlin` is `Europe/Berlin`,
 * `US/Pacific` is `America/Los_Angeles`, `Asia/Kathmandu` stays itself. Anything else as sent.
 */
export function canonicalTimeZone(value: unknown): unknown {
  if (typeof value !== 'string' || !IANAZone.isValidZone(value)) return value;
  const resolved = new Intl.DateTimeFormat(undefined, { timeZone: value }).resolvedOptions()
    .timeZone;
  return CURRENT_NAMES[resolved] ?? resolved;
}
