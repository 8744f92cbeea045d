import { count, desc, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

import type { Page } from '../common/paging';
import type { Database } from './database';

/** A table whose rows list newest first: by creation time, then id for rows of one moment. */
type ListedTable = PgTable & { createdAt: AnyPgColumn; id: AnyPgColumn };

/** One page of a table's rows that match `where`, newest first, with the count of them all. */
export async function newestFirstPage<TTable extends ListedTable>(
  db: Database,
  table: TTable,
  where: SQL | undefined,
  page: number,
  limit: number,
): Promise<Page<TTable['$inferSelect']>> {
  // A generic table is more than Drizzle's types follow; the rows are the table's own.
  const listed: PgTable = table;
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(listed)
      .where(where)
      .orderBy(desc(table.createdAt), desc(table.id))
      .limit(limit)
      .offset((page - 1) * limit),
    db.select({ total: count() }).from(listed).where(where),
  ]);
  return { items, page, limit, total };
}
