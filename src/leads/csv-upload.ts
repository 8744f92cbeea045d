import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

import busboy from 'busboy';

import { AppError, ValidationError } from '../common/errors';
import { LeadCsvError } from './lead-csv-error';

export const UPLOAD_FIELD = 'file';

// Room for the multipart boundaries and part headers around the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface CsvUpload {
  /** The file's bytes as they arrive; never buffered whole. */
  file: Readable;
  filename: string;
  /** Reads and drops whatever the client is still sending, so the answer reaches it. */
  release(): void;
}

/**
 * Waits for the `file` part of a multipart upload and hands over its stream. A declared length
 * over the limit is refused before anything is read; a longer stream fails with
 * `file_too_large` the moment it passes the limit.
 */
export function receiveCsvUpload(request: IncomingMessage, maxBytes: number): Promise<CsvUpload> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    return Promise.reject(tooLarge(maxBytes));
  }

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // One byte over the limit is what tells a file of exactly the limit from a longer one.
      limits: { files: 1, fileSize: maxBytes + 1, fields: 20, parts: 30 },
    });
  } catch {
    return Promise.reject(
      new ValidationError(
        `Send the lead file as multipart/form-data with the CSV in the field "${UPLOAD_FIELD}"`,
        { field: UPLOAD_FIELD },
      ),
    );
  }

  const release = (): void => {
    request.unpipe(parser);
    request.resume();
  };

  return new Promise<CsvUpload>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };

    parser.on('file', (field, file, info) => {
      if (field !== UPLOAD_FIELD || settled) {
        file.resume();
        return;
      }
      file.on('limit', () => file.destroy(tooLarge(maxBytes)));
      settle(() => resolve({ file, filename: info.filename ?? '', release }));
    });
    parser.on('error', (error: unknown) => {
      release();
      settle(() =>
        reject(
          new ValidationError(
            `The upload could not be read as multipart/form-data: ${describe(error)}`,
            { field: UPLOAD_FIELD },
          ),
        ),
      );
    });
    parser.on('close', () =>
      settle(() =>
        reject(
          new ValidationError(
            `No file in the upload: send the CSV in the field "${UPLOAD_FIELD}"`,
            {
              field: UPLOAD_FIELD,
            },
          ),
        ),
      ),
    );
    request.pipe(parser);
  });
}

function tooLarge(maxBytes: number): AppError {
  return new LeadCsvError(
    'file_too_large',
    `The file is larger than the limit of ${formatBytes(maxBytes)}; split it into smaller files`,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : `${bytes} bytes`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
