import { AppError } from '../common/errors';

/** Why a whole lead file was refused (single bad rows are skipped and reported instead). */
export type LeadCsvErrorReason =
  | 'empty_file'
  | 'binary_file'
  | 'unsupported_encoding'
  | 'no_url_column'
  | 'malformed_csv'
  | 'file_too_large'
  | 'too_many_rows';

export class LeadCsvError extends AppError {
  constructor(
    readonly reason: LeadCsvErrorReason,
    message: string,
    readonly line?: number,
  ) {
    super(reason === 'file_too_large' ? 'payload_too_large' : 'validation_failed', message, {
      reason,
      line,
    });
  }
}
