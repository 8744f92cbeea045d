// Shapes of placeholders from other tools and hand-written drafts; any of them in a text about to
// be sent means a variable was not filled in.
const PLACEHOLDER_PATTERNS: { shape: string; pattern: RegExp }[] = [
  { shape: 'braces', pattern: /[{}]/ },
  {
    shape: 'square brackets',
    pattern:
      /\[\s*(?:lead|first|last|full|company|contact|prospect|recipient|their|your|job|title|position|name|insert|location|city|industry)\b[^\]\n]{0,40}\]/i,
  },
  { shape: 'square brackets', pattern: /\[[A-Z][A-Z0-9_ ]{1,40}\]/ },
  // An identifier in brackets, camelCase or snake_case: [firstName], [company_name].
  { shape: 'square brackets', pattern: /\[\s*[a-z]+(?:[A-Z][a-z0-9]*)+\s*\]/ },
  { shape: 'square brackets', pattern: /\[\s*[A-Za-z]+(?:_[A-Za-z0-9]+)+\s*\]/ },
  { shape: 'percent signs', pattern: /%[A-Za-z_][A-Za-z0-9_]{0,40}%/ },
  { shape: 'angle brackets', pattern: /<\s*[A-Za-z_][A-Za-z0-9_ -]{0,40}>/ },
  { shape: 'dollar sign', pattern: /\$[A-Za-z_]{2,}\b/ },
  { shape: 'double underscores', pattern: /__[A-Za-z]+(?:_[A-Za-z]+)*__/ },
];

/** The first thing in the text that still looks like a placeholder, or undefined. */
export function findPlaceholder(text: string): { match: string; shape: string } | undefined {
  for (const { shape, pattern } of PLACEHOLDER_PATTERNS) {
    const found = pattern.exec(text);
    if (found) {
      return { match: found[0], shape };
    }
  }
  return undefined;
}
