import { fieldOfHeader } from '../leads/lead-columns';
import { findPlaceholder } from './placeholders';
import { TemplateSyntaxError } from './template-errors';

/** Lead fields a template can name directly: `{{firstName}}`. */
export const LEAD_VARIABLES = [
  'firstName',
  'lastName',
  'fullName',
  'company',
  'position',
  'location',
] as const;

export type LeadVariable = (typeof LEAD_VARIABLES)[number];

export type TemplateVariable =
  | { source: 'lead'; name: LeadVariable }
  /** A column of the lead file, `{{custom.<header>}}`. */
  | { source: 'custom'; name: string };

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'variable'; variable: TemplateVariable; fallback?: string; position: number }
  | { type: 'spintax'; options: TemplateNode[][] };

export interface CompiledTemplate {
  source: string;
  nodes: TemplateNode[];
  variables: TemplateVariable[];
}

export interface CompileOptions {
  /** Headers of the campaign's lead file; a `{{custom.X}}` not among them is refused. */
  customFields?: string[];
}

const CUSTOM_PREFIX = 'custom.';

/**
 * Parses a template once: `{{firstName}}`, `{{firstName | there}}`, `{{custom.Industry}}`,
 * spintax `{Hi|Hello}` (nested allowed). Throws `TemplateSyntaxError` for anything it cannot use.
 */
export function compileTemplate(source: string, options: CompileOptions = {}): CompiledTemplate {
  if (source.trim() === '') {
    throw new TemplateSyntaxError('empty_template', 'the template is empty');
  }
  const parser = new TemplateParser(source, options);
  const nodes = parser.parseSequence(false);
  return { source, nodes, variables: parser.variables };
}

class TemplateParser {
  readonly variables: TemplateVariable[] = [];
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly options: CompileOptions,
  ) {}

  /** Reads nodes until the end, or inside spintax until a `|` or `}` of this level. */
  parseSequence(insideSpintax: boolean): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    let text = '';
    const flushText = (): void => {
      if (text !== '') {
        this.assertNoPlaceholder(text);
        nodes.push({ type: 'text', text });
        text = '';
      }
    };

    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (this.source.startsWith('{{', this.position)) {
        flushText();
        nodes.push(this.parseVariable());
      } else if (char === '{') {
        flushText();
        nodes.push(this.parseSpintax());
      } else if (insideSpintax && (char === '|' || char === '}')) {
        break;
      } else if (char === '}') {
        throw new TemplateSyntaxError(
          'unmatched_brace',
          `a "}" at character ${this.position + 1} closes nothing`,
          this.position,
        );
      } else {
        text += char;
        this.position++;
      }
    }
    flushText();
    return nodes;
  }

  private parseVariable(): TemplateNode {
    const start = this.position;
    const end = this.source.indexOf('}}', start + 2);
    const nextOpen = this.source.indexOf('{', start + 2);
    if (end === -1 || (nextOpen !== -1 && nextOpen < end)) {
      throw new TemplateSyntaxError(
        'unclosed_variable',
        `the variable at character ${start + 1} has no closing "}}"`,
        start,
      );
    }
    this.position = end + 2;

    const [rawName, ...fallbackParts] = this.source.slice(start + 2, end).split('|');
    const variable = this.resolveVariable(rawName.trim(), start);
    this.variables.push(variable);
    if (fallbackParts.length === 0) {
      return { type: 'variable', variable, position: start };
    }
    if (fallbackParts.length > 1) {
      throw new TemplateSyntaxError(
        'invalid_fallback',
        `the variable at character ${start + 1} has more than one "|"`,
        start,
      );
    }
    const fallback = fallbackParts[0].trim();
    // An empty fallback would send the sentence with a hole where the name goes.
    if (fallback === '') {
      throw new TemplateSyntaxError(
        'invalid_fallback',
        `the variable at character ${start + 1} has an empty fallback after "|": write one ` +
          `(such as {{firstName | there}}) or leave out the "|"`,
        start,
      );
    }
    this.assertNoPlaceholder(fallback);
    return { type: 'variable', variable, fallback, position: start };
  }

  private resolveVariable(name: string, position: number): TemplateVariable {
    if (name === '') {
      throw new TemplateSyntaxError(
        'empty_variable_name',
        `the variable at character ${position + 1} has no name`,
        position,
      );
    }

    if (name.toLowerCase().startsWith(CUSTOM_PREFIX)) {
      const header = name.slice(CUSTOM_PREFIX.length).trim();
      const known = this.options.customFields;
      if (header === '') {
        throw new TemplateSyntaxError(
          'unknown_variable',
          `"{{${name}}}" names no column; write custom.<column header>`,
          position,
        );
      }
      if (known !== undefined && !known.some((field) => sameName(field, header))) {
        throw new TemplateSyntaxError(
          'unknown_column',
          unknownColumnMessage(name, header, known),
          position,
        );
      }
      return { source: 'custom', name: header };
    }

    const leadVariable = LEAD_VARIABLES.find((known) => known.toLowerCase() === name.toLowerCase());
    if (leadVariable === undefined) {
      throw new TemplateSyntaxError(
        'unknown_variable',
        `"{{${name}}}" is not a variable; use one of ${LEAD_VARIABLES.join(', ')} or ` +
          `custom.<column header>`,
        position,
      );
    }
    return { source: 'lead', name: leadVariable };
  }

  private parseSpintax(): TemplateNode {
    const start = this.position;
    this.position++;
    const options: TemplateNode[][] = [];

    for (;;) {
      options.push(this.parseSequence(true));
      if (this.position >= this.source.length) {
        throw new TemplateSyntaxError(
          'unclosed_spintax',
          `the choice opened at character ${start + 1} has no closing "}"`,
          start,
        );
      }
      const separator = this.source[this.position];
      this.position++;
      if (separator === '}') {
        break;
      }
    }

    if (options.length < 2) {
      const written = this.source.slice(start, this.position);
      throw new TemplateSyntaxError(
        'single_option_spintax',
        `"${written}" is neither a variable nor a choice: write variables as {{firstName}} and ` +
          `choices as {Hi|Hello}`,
        start,
      );
    }
    return { type: 'spintax', options };
  }

  private assertNoPlaceholder(text: string): void {
    const placeholder = findPlaceholder(text);
    if (placeholder) {
      throw new TemplateSyntaxError(
        'unresolved_placeholder',
        `"${placeholder.match}" looks like a placeholder of another tool; use {{firstName}} style`,
        this.source.indexOf(placeholder.match),
      );
    }
  }
}

/** Why `{{custom.<header>}}` names nothing the leads have, and what to write instead. */
function unknownColumnMessage(name: string, header: string, known: string[]): string {
  // "First Name" or "Title" fills a variable of its own and is no custom column.
  const field = fieldOfHeader(header);
  const standard = LEAD_VARIABLES.find((variable) => variable === field);
  if (standard !== undefined) {
    return `"{{${name}}}" is the lead's ${standard}: write {{${standard}}} instead`;
  }
  return known.length > 0
    ? `"{{${name}}}" names no column of the lead files (their columns: ${known.join(', ')})`
    : `"{{${name}}}" names no column: the campaign's leads have no extra columns`;
}

/** Column headers match ignoring case and surrounding spaces. */
export function sameName(left: string, right: string): boolean {
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}
