/** The month a paged screen (History, Treatment's medicines) shows, and the span it may page
 * through: the newest month with records first, never before the oldest nor after this month
 * (or the newest record's, if one is dated ahead). */
import type { Table } from "dexie";
import { useState } from "preact/hooks";
import { useLive } from "./live";
import { clampMonth, monthOf, type Month } from "./months";
import { localDate } from "./time";

export interface MonthPaging {
  /** The month shown. */
  month: Month;
  /** The span previous / next may reach. */
  oldest: Month;
  newest: Month;
  /** The oldest record's month: "" when there is none. */
  first: Month;
  /** False until the table has answered (so "nothing yet" never flashes). */
  known: boolean;
  choose: (month: Month) => void;
}

export function useMonthPaging<Row>(table: Table<Row, string>, index: string): MonthPaging {
  const [chosen, choose] = useState<Month | null>(null);
  const bounds = useLive(
    async () => {
      const at = (row: Row | undefined) => monthOf((row as Record<string, unknown> | undefined)?.[index]);
      return [at(await table.orderBy(index).first()), at(await table.orderBy(index).last())] as const;
    },
    [],
    null as readonly [Month, Month] | null,
  );
  const [first, last] = bounds ?? ["", ""];
  const thisMonth = monthOf(localDate());
  const newest = last > thisMonth ? last : thisMonth;
  const oldest = first && first < newest ? first : newest;
  const month = clampMonth(chosen ?? (last || thisMonth), oldest, newest);
  return { month, oldest, newest, first, known: bounds !== null, choose };
}
