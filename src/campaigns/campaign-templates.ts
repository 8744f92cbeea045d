import { UnprocessableError, ValidationError } from '../common/errors';
import {
  canEverFit,
  compileTemplate,
  MESSAGE_LENGTH_LIMIT,
  minRenderedLength,
  NOTE_LENGTH_LIMIT,
  TemplateSyntaxError,
  type CompiledTemplate,
} from '../templates';

/** The longest invitation note the account may send. */
export function noteLimitFor(account: { isPremium: boolean }): number {
  return account.isPremium ? NOTE_LENGTH_LIMIT.premium : NOTE_LENGTH_LIMIT.free;
}

/**
 * Compiles a template of a campaign, naming the field in any error: 400 when it cannot be read,
 * 422 when it names a column the leads lack or even its shortest rendering is over `limit`.
 * `customFields` undefined accepts any `{{custom.X}}` (a lead file not uploaded yet).
 */
export function checkCampaignTemplate(
  field: string,
  source: string,
  limit: number,
  customFields: string[] | undefined,
): CompiledTemplate {
  let compiled: CompiledTemplate;
  try {
    compiled = compileTemplate(source, { customFields });
  } catch (error) {
    // Readable, but the campaign's leads cannot fill it: every one of them would be skipped.
    if (error instanceof TemplateSyntaxError && error.reason === 'unknown_column') {
      throw new UnprocessableError(`${field}: ${error.message}; every lead would be skipped`, {
        field,
        reason: error.reason,
        position: error.position,
      });
    }
    if (error instanceof TemplateSyntaxError) {
      throw new ValidationError(`${field}: ${error.message}`, {
        field,
        reason: error.reason,
        position: error.position,
      });
    }
    throw error;
  }

  if (!canEverFit(compiled, limit)) {
    const shortestLength = minRenderedLength(compiled);
    throw new UnprocessableError(
      `${field} can never fit: its shortest rendering is ${shortestLength} characters and ` +
        `the limit is ${limit}`,
      { field, reason: 'template_too_long', limit, shortestLength },
    );
  }
  return compiled;
}

export interface CampaignTemplates {
  noteTemplate: string | null;
  messageSequence: { delayDays: number; template: string }[];
}

/** Checks the note against the account's note limit and every message against LinkedIn's. */
export function checkCampaignTemplates(
  templates: CampaignTemplates,
  account: { isPremium: boolean },
  customFields: string[] | undefined,
): void {
  if (templates.noteTemplate !== null) {
    checkCampaignTemplate(
      'noteTemplate',
      templates.noteTemplate,
      noteLimitFor(account),
      customFields,
    );
  }
  templates.messageSequence.forEach((step, index) =>
    checkCampaignTemplate(
      `messageSequence[${index}].template`,
      step.template,
      MESSAGE_LENGTH_LIMIT,
      customFields,
    ),
  );
}
