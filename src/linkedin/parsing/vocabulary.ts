import type { PersonAction } from './types';

// Interface words are only hints: URLs, roles and structure decide first. These cover
// the languages seen in captures (en, pl, it) plus the common European ones.

/** aria-label shapes of row and profile actions, per action. */
export const ACTION_LABEL_PATTERNS: ReadonlyArray<{ action: PersonAction; pattern: RegExp }> = [
  {
    action: 'pending',
    pattern:
      /^(pending\b|withdraw\b|oczekuj|wycofaj|in attesa|ritira|ausstehend|zur[üu]ckziehen|en attente|retirer|pendiente|retirar|pendente)/i,
  },
  {
    action: 'connect',
    pattern:
      /(^invite .+ to connect$)|(^zapro[śs] .+ do nawi[ąa]zania kontaktu)|(^invita .+ a collegarti)|(^invita .+ a (collegarsi|connetterti))|(zum vernetzen einladen$)|(^inviter .+ [àa] rejoindre)|(^invitar a .+ a conectar)|(^convidar .+ para se conectar)|(^connect with )/i,
  },
  {
    action: 'message',
    pattern:
      /^(send a message to|message\b|wy[śs]lij wiadomo|wiadomo[śs][ćc]|invia (un )?messaggio|messaggio\b|nachricht\b|envoyer un message|enviar mensaje|enviar mensagem)/i,
  },
  {
    action: 'follow',
    pattern: /^(follow\b|obserwuj\b|segui\b|folgen\b|suivre\b|seguir\b)/i,
  },
];

/** Visible button texts, used only when a control has no telling aria-label or URL. */
export const ACTION_TEXTS: ReadonlyArray<{ action: PersonAction; texts: readonly string[] }> = [
  {
    action: 'pending',
    texts: [
      'pending',
      'oczekujące',
      'oczekuje',
      'in attesa',
      'ausstehend',
      'en attente',
      'pendiente',
      'pendente',
    ],
  },
  {
    action: 'connect',
    texts: ['connect', 'połącz', 'collegati', 'vernetzen', 'se connecter', 'conectar', 'connetti'],
  },
  {
    action: 'message',
    texts: [
      'message',
      'wiadomość',
      'messaggio',
      'nachricht',
      'envoyer un message',
      'mensaje',
      'mensagem',
    ],
  },
  { action: 'follow', texts: ['follow', 'obserwuj', 'segui', 'folgen', 'suivre', 'seguir'] },
];

/** Words typical of one interface language, for guessing the language of pages without `lang`. */
export const LANGUAGE_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'connect',
    'follow',
    'message',
    'invite',
    'withdraw',
    'pending',
    'next',
    'previous',
    'load more',
    'like',
    'comment',
    'repost',
    'send',
    'sent',
    'page',
  ],
  pl: [
    'połącz',
    'obserwuj',
    'wiadomość',
    'zaproś',
    'wycofaj',
    'dalej',
    'wróć',
    'strona',
    'pokaż',
    'wspólnych',
    'kontaktów',
    'zweryfikowano',
  ],
  it: [
    'collegati',
    'segui',
    'messaggio',
    'invita',
    'ritira',
    'inviato',
    'carica altro',
    'consiglia',
    'commenta',
    'diffondi il post',
    'invia',
    'avanti',
    'pagina',
    'reazioni',
  ],
  de: [
    'vernetzen',
    'folgen',
    'nachricht',
    'einladen',
    'zurückziehen',
    'weiter',
    'zurück',
    'seite',
    'gefällt mir',
    'kommentieren',
  ],
  fr: [
    'se connecter',
    'suivre',
    'envoyer un message',
    'inviter',
    'retirer',
    'suivant',
    'précédent',
    'commenter',
    'j’aime',
  ],
  es: [
    'conectar',
    'seguir',
    'mensaje',
    'invitar',
    'retirar',
    'siguiente',
    'anterior',
    'página',
    'comentar',
    'recomendar',
  ],
  pt: [
    'conectar',
    'seguir',
    'mensagem',
    'convidar',
    'retirar',
    'avançar',
    'página',
    'comentar',
    'gostei',
  ],
};

/** Restriction notices (English only in the spec). */
export const RESTRICTION_TEXTS: readonly RegExp[] = [
  /your account has been (temporarily )?restricted/i,
  /we['’]ve restricted your account/i,
  /account (is )?temporarily restricted/i,
];

export const NOT_FOUND_TEXTS: readonly RegExp[] = [
  /this page doesn['’]t exist/i,
  /page not found/i,
  /strona nie istnieje/i,
  /questa pagina non esiste/i,
];

export const SECURITY_CHECK_TEXTS: readonly RegExp[] = [
  /let['’]s do a quick security check/i,
  /check your linkedin app/i,
];

export const WEEKLY_LIMIT_TEXTS: readonly RegExp[] = [
  /reached the weekly invitation limit/i,
  /limite settimanale di inviti/i,
  /tygodniowy limit zaprosze/i,
];

export const CLOSE_TO_LIMIT_TEXTS: readonly RegExp[] = [/close to the weekly invitation limit/i];

export const NOTE_QUOTA_TEXTS: readonly RegExp[] = [
  /no free personali[sz]ed invitations left/i,
  /used all your free personali[sz]ed invitations/i,
];

export const MONTHLY_SEARCH_LIMIT_TEXTS: readonly RegExp[] = [
  /reached the monthly limit for profile searches/i,
];

export const TOAST_FAILURE_TEXTS: readonly RegExp[] = [
  /invitation not sent/i,
  /try again later/i,
  /still withdrawing/i,
  /failed/i,
];
