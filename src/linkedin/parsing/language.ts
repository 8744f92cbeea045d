import { cleanText, type Dom } from './dom';
import { LANGUAGE_WORDS } from './vocabulary';

/** The interface language: `<html lang>`, then the page's locale config, then its button words. */
export function detectLanguage($: Dom): string | null {
  const declared = languageCode($('html').attr('lang'));
  if (declared !== null) return declared;

  const locale = /"locale"\s*:\s*"([a-z]{2})_[A-Z]{2}"/.exec(
    $('meta[name="como-t"]').attr('content') ?? '',
  );
  if (locale !== null) return locale[1];

  return guessFromInterfaceWords($);
}

function languageCode(value: string | undefined): string | null {
  const match = /^([a-z]{2,3})\b/i.exec(cleanText(value));
  return match === null ? null : match[1].toLowerCase();
}

// Only interface strings are read (labels, buttons, short paragraphs), so names and
// posts written in another language weigh little.
function interfaceTexts($: Dom): string[] {
  const labels = $('[aria-label]')
    .toArray()
    .map((element) => $(element).attr('aria-label') ?? '');
  const controls = $('button, a, h2, h3, [role=button]')
    .toArray()
    .map((element) => cleanText($(element).text()))
    .filter((text) => text.length > 0 && text.length <= 40);
  const shortLines = $('p, span')
    .toArray()
    .map((element) => cleanText($(element).text()))
    .filter((text) => text.length > 0 && text.length <= 25);
  return [...labels, ...controls, ...shortLines].map((text) => text.toLowerCase());
}

function guessFromInterfaceWords($: Dom): string | null {
  const corpus = interfaceTexts($).join(' \n ');
  let best: { language: string; score: number } | null = null;
  for (const [language, words] of Object.entries(LANGUAGE_WORDS)) {
    const score = words.reduce((total, word) => total + occurrences(corpus, word), 0);
    if (score > 0 && (best === null || score > best.score)) best = { language, score };
  }
  return best?.language ?? null;
}

function occurrences(corpus: string, word: string): number {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, 'gu');
  return corpus.match(pattern)?.length ?? 0;
}
