/**
 * The shape of a summary's `figures` (CONTRACT.md, version 2), named for the app: every type
 * comes from the generated schema (schema.gen.ts, `npm run api-types`), none is written by hand.
 */
import type { Summary } from "./api/types";
import type { components } from "./api/schema.gen";

type Schemas = components["schemas"];

export type SummaryDoc = Summary;
export type Figures = Schemas["SummaryFigures"];
export type FigureSeries = Schemas["SummarySeries"];
/** An administration: its window's fields are absent when it is part of an induction series. */
export type FigureAdministration = Schemas["SummaryAdministration"];
export type FigureEpisode = Schemas["SummaryEpisode"];
export type FigureRedFlag = Schemas["SummaryRedFlag"];

/** The fields of a response window (figures 4–8), which a series and a lone dose carry. */
export type FigureWindow = Pick<
  FigureSeries,
  | "baseline"
  | "baseline_days"
  | "response"
  | "response_days"
  | "response_complete"
  | "response_until"
  | "change"
  | "reduction_percent"
  | "category"
  | "category_reason"
  | "responder"
  | "relief_days"
  | "relief_ongoing"
  | "relief_bound"
>;

/**
 * The figures of a ready summary of version 2; null for any other. Figures stored before
 * version 2 have another shape and are never shown (the app treats them as still pending).
 */
export function figuresOf(summary: Pick<SummaryDoc, "status" | "figures"> | null | undefined): Figures | null {
  const figures = summary?.figures as { figures_version?: unknown } | null | undefined;
  return summary?.status === "ready" && figures?.figures_version === 2 ? (summary.figures as Figures) : null;
}
