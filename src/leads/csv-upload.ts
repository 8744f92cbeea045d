import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import busboy from 'busboy';

import { AppError, ValidationError } from '../common/errors';
import { LeadCsvError } from './lead-csv-error';

export const UPLOAD_FIELD = 'file';

// Room for the multipart boundaries and part headers around the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface CsvUpload {
  /** The file's bytes as they arrive; never buffered whole. Fails with the upload's problem. */
  file: Readable;
  filename: string;
  /**
   * Aborted, with the problem as its reason, when the upload turns out unusable (cut off, a
   * second file, an unknown field) or the client goes away before it has its answer.
   */
  signal: AbortSignal;
  /** Resolves once the whole form has been read and held nothing but the one file. */
  complete(): Promise<void>;
  /** Reads and drops whatever the client is still sending, so the answer reaches it. */
  release(): void;
}

/** The client closed the connection before the import answered. */
export class UploadAbortedError extends AppError {
  constructor() {
    super('validation_failed', 'The upload was cut off before the import answered', {
      field: UPLOAD_FIELD,
      reason: 'upload_aborted',
    });
  }
}

/**
 * Waits for the `file` part of a multipart upload and hands over its stream. A declared length
 * over the limit is refused before anything is read; a longer stream fails with
 * `file_too_large` the moment it passes the limit. The rest of the form is watched while the
 * file is read: see `signal` and `complete`.
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
  const aborter = new AbortController();
  // Busboy's own part stream fails with its own errors; this one fails with ours.
  const file = new PassThrough();
  // The reader sees the failure through its own listeners; this one keeps a failure after the
  // reader has stopped from crashing the process.
  file.on('error', () => undefined);
  let formDone: () => void = () => undefined;
  const formComplete = new Promise<void>((resolve, reject) => {
    formDone = resolve;
    aborter.signal.addEventListener('abort', () => reject(aborter.signal.reason as Error));
  });
  formComplete.catch(() => undefined);

  const fail = (problem: AppError): void => {
    if (aborter.signal.aborted) return;
    aborter.abort(problem);
    file.destroy(problem);
  };

  return new Promise<CsvUpload>((resolve, reject) => {
    let fileSeen = false;
    let strayField: string | undefined;
    const upload: CsvUpload = {
      file,
      filename: '',
      signal: aborter.signal,
      complete: () => formComplete,
      release,
    };

    parser.on('file', (field, part, info) => {
      if (field !== UPLOAD_FIELD || strayField !== undefined) {
        part.resume();
        fail(
          field !== UPLOAD_FIELD && !fileSeen
            ? new ValidationError(
                `The file is in the field "${field}": send it in the field "${UPLOAD_FIELD}"`,
                { field, reason: 'wrong_field' },
              )
            : unknownField(field === UPLOAD_FIELD ? strayField! : field),
        );
        return;
      }
      fileSeen = true;
      part.on('limit', () => fail(tooLarge(maxBytes)));
      part.on('error', (error: unknown) => fail(unreadable(error)));
      part.pipe(file);
      resolve({ ...upload, filename: info.filename ?? '' });
    });
    parser.on('filesLimit', () =>
      fail(
        new ValidationError(
          `The upload holds more than one file: send one file per request in the field "${UPLOAD_FIELD}"`,
          { field: UPLOAD_FIELD, reason: 'more_than_one_file' },
        ),
      ),
    );
    parser.on('field', (field) => {
      // Before the file, wait: a form without any file is better told "no file".
      if (fileSeen) fail(unknownField(field));
      else strayField ??= field;
    });
    parser.on('error', (error: unknown) => {
      release();
      fail(unreadable(error));
    });
    parser.on('close', () => {
      if (!fileSeen) {
        fail(
          new ValidationError(
            `No file in the upload: send the CSV in the field "${UPLOAD_FIELD}"`,
            { field: UPLOAD_FIELD },
          ),
        );
      }
      formDone();
    });
    // A problem found before the file part (an unknown field first, a form cut off early).
    aborter.signal.addEventListener('abort', () => reject(aborter.signal.reason as Error));

    const clientGone = (): void => fail(new UploadAbortedError());
    request.on('close', () => {
      if (!request.complete) clientGone();
    });
    const response = (request as IncomingMessage & { res?: NodeJS.WritableStream }).res as
      (NodeJS.WritableStream & { writableFinished: boolean }) | undefined;
    response?.on('close', () => {
      if (!response.writableFinished) clientGone();
    });
    request.pipe(parser);
  });
}

/** A whole, sound upload kept in a private temporary folder until `remove`. */
export interface SpooledFile {
  open(): Readable;
  remove(): Promise<void>;
}

/** The upload failed before it was whole; nothing of it is kept. */
export class UploadNotReceivedError extends Error {
  constructor(
    readonly problem: unknown,
    readonly bytesReceived: number,
  ) {
    super('the upload was not received whole');
  }
}

/**
 * Writes the upload to disk and waits for the end of its form, so that the import, which holds
 * a transaction, never waits on a slow client. Fails with the upload's problem.
 */
export async function spoolUpload(upload: CsvUpload): Promise<SpooledFile> {
  const folder = await mkdtemp(join(tmpdir(), 'inreach-upload-'));
  const path = join(folder, 'leads.csv');
  const remove = () => rm(folder, { recursive: true, force: true });
  try {
    await pipeline(upload.file, createWriteStream(path, { mode: 0o600 }));
    await upload.complete();
  } catch (error) {
    const bytesReceived = await stat(path).then(
      (file) => file.size,
      () => 0,
    );
    await remove();
    throw new UploadNotReceivedError(error, bytesReceived);
  }
  return { open: () => createReadStream(path), remove };
}

function unknownField(field: string): AppError {
  return new ValidationError(
    `The upload has a field "${field}" besides the file: send only the CSV, in the field "${UPLOAD_FIELD}"`,
    { field, reason: 'unknown_field' },
  );
}

function unreadable(error: unknown): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  const cutOff = /unexpected end of form/i.test(detail);
  return new ValidationError(
    cutOff
      ? 'The upload ended before its closing multipart boundary: the form is incomplete, ' +
          'probably cut off; send the file again'
      : `The upload could not be read as multipart/form-data: ${detail}`,
    { field: UPLOAD_FIELD, reason: cutOff ? 'incomplete_form' : 'malformed_form' },
  );
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
