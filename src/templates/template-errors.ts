import { ValidationError } from '../common/errors';

export type TemplateSyntaxReason =
  | 'empty_template'
  | 'unclosed_variable'
  | 'unclosed_spintax'
  | 'unmatched_brace'
  | 'empty_variable_name'
  | 'unknown_variable'
  /** `{{custom.X}}` where the campaign's lead files have no column X. */
  | 'unknown_column'
  | 'single_option_spintax'
  | 'invalid_fallback'
  | 'unresolved_placeholder';

/** A template that cannot be used as written; `position` is the character where it goes wrong. */
export class TemplateSyntaxError extends ValidationError {
  constructor(
    readonly reason: TemplateSyntaxReason,
    message: string,
    readonly position?: number,
  ) {
    super(message, { reason, position });
  }
}
