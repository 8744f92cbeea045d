/** Postgres's code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * The unique violation in an error or its causes (drivers and Drizzle wrap it), with its
 * detail line (`Key (id)=(…) already exists.`) when the driver gave one; null for any other
 * error.
 */
export function uniqueViolation(error: unknown): { detail: string | null } | null {
  for (let current = error; current && typeof current === 'object';) {
    const { code, detail, cause } = current as {
      code?: unknown;
      detail?: unknown;
      cause?: unknown;
    };
    if (code === UNIQUE_VIOLATION) return { detail: typeof detail === 'string' ? detail : null };
    current = cause;
  }
  return null;
}
