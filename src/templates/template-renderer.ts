import { findPlaceholder } from './placeholders';
import {
  sameName,
  type CompiledTemplate,
  type LeadVariable,
  type TemplateNode,
  type TemplateVariable,
} from './template-parser';

/** What a template can read from a lead; the lead records of a CSV import fit this shape. */
export type TemplateLead = Partial<Record<LeadVariable, string | null>> & {
  custom?: Record<string, string | null | undefined>;
};

export type RenderFailureReason =
  'unknown_variable' | 'empty_variable' | 'unresolved_placeholder' | 'too_long';

export type RenderResult =
  | { ok: true; text: string; length: number }
  | { ok: false; reason: RenderFailureReason; message: string; variable?: string };

export interface RenderOptions {
  /** Picks spintax options; a number in [0, 1) like Math.random. */
  random?: () => number;
  /** The longest text allowed (a note: 200 free, 300 premium); longer fails as `too_long`. */
  maxLength?: number;
}

/** Invitation note limits by account type, and the message limit. */
export const NOTE_LENGTH_LIMIT = { free: 200, premium: 300 } as const;
export const MESSAGE_LENGTH_LIMIT = 8000;

class RenderFailure extends Error {
  constructor(
    readonly reason: RenderFailureReason,
    message: string,
    readonly variable?: string,
  ) {
    super(message);
  }
}

/**
 * Renders a template for one lead. Fails closed: a missing or empty variable without a fallback,
 * or anything left in the text that looks like a placeholder, gives a failure and never text.
 */
export function renderTemplate(
  compiled: CompiledTemplate,
  lead: TemplateLead,
  options: RenderOptions = {},
): RenderResult {
  const random = options.random ?? Math.random;

  let text: string;
  try {
    text = tidyWhitespace(renderNodes(compiled.nodes, lead, random));
  } catch (error) {
    if (error instanceof RenderFailure) {
      return { ok: false, reason: error.reason, message: error.message, variable: error.variable };
    }
    throw error;
  }

  const placeholder = findPlaceholder(text);
  if (placeholder) {
    return {
      ok: false,
      reason: 'unresolved_placeholder',
      message: `the text still holds "${placeholder.match}" (${placeholder.shape})`,
    };
  }

  if (options.maxLength !== undefined) {
    const length = checkLength(text, options.maxLength);
    if (!length.ok) {
      return length;
    }
  }
  return { ok: true, text, length: text.length };
}

/**
 * Checks a rendered text against a limit. Length is counted in UTF-16 code units, as the
 * `maxlength` of LinkedIn's note field counts (an emoji counts as two).
 */
export function checkLength(
  text: string,
  limit: number,
): { ok: true; length: number } | { ok: false; reason: 'too_long'; message: string } {
  if (text.length > limit) {
    return {
      ok: false,
      reason: 'too_long',
      message: `the text is ${text.length} characters long; the limit is ${limit}`,
    };
  }
  return { ok: true, length: text.length };
}

/** Collapses runs of spaces, drops spaces before punctuation and around line ends. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ +([,.!?;:)])/g, '$1')
    .replace(/\( +/g, '(')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function renderNodes(nodes: TemplateNode[], lead: TemplateLead, random: () => number): string {
  return nodes.map((node) => renderNode(node, lead, random)).join('');
}

function renderNode(node: TemplateNode, lead: TemplateLead, random: () => number): string {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'spintax': {
      const index = Math.min(Math.floor(random() * node.options.length), node.options.length - 1);
      return renderNodes(node.options[Math.max(index, 0)], lead, random);
    }
    case 'variable':
      return renderVariable(node.variable, node.fallback, lead);
  }
}

function renderVariable(
  variable: TemplateVariable,
  fallback: string | undefined,
  lead: TemplateLead,
): string {
  const label = variable.source === 'custom' ? `custom.${variable.name}` : variable.name;
  const value = readVariable(variable, lead);

  if (value === undefined && fallback === undefined) {
    throw new RenderFailure(
      'unknown_variable',
      `the lead has no "${label}" and the template gives no fallback`,
      label,
    );
  }
  const cleaned = value?.replace(/\s+/g, ' ').trim() ?? '';
  if (cleaned !== '') {
    return cleaned;
  }
  if (fallback === undefined) {
    throw new RenderFailure(
      'empty_variable',
      `"${label}" is empty for this lead and the template gives no fallback`,
      label,
    );
  }
  return fallback;
}

/** The value, '' for an empty one, undefined when the lead has no such field at all. */
function readVariable(variable: TemplateVariable, lead: TemplateLead): string | undefined {
  if (variable.source === 'lead') {
    return lead[variable.name] ?? '';
  }
  const custom = lead.custom ?? {};
  const header = Object.keys(custom).find((key) => sameName(key, variable.name));
  return header === undefined ? undefined : (custom[header] ?? '');
}
