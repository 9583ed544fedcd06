/**
 * The shape of a summary's `figures` (CONTRACT.md, version 2), named for the app.
 * Local until the generated schema types carry version 2 (then these become aliases of them).
 */

export type Category = "substantial" | "moderate" | "minimal" | "no_change" | "worse";
export type CategoryReason = "insufficient_data" | "in_progress" | "low_baseline" | "too_early";
export type ReliefBound = "next_administration" | "horizon" | "as_of";

/** A response window (figures 4–8): before, after, change, category and relief. */
export interface FigureWindow {
  baseline: number | null;
  baseline_days: number;
  response: number | null;
  response_days: number;
  response_complete: boolean;
  response_until: string | null;
  change: number | null;
  reduction_percent: number | null;
  category: Category | null;
  category_reason: CategoryReason | null;
  responder: boolean | null;
  relief_days: number | null;
  relief_ongoing: boolean | null;
  relief_bound: ReliefBound | null;
}

export interface FigureSeries extends FigureWindow {
  episode_id: string;
  first_date: string;
  last_date: string;
  administrations: number;
  total_dose_mg: number | null;
}

/** An administration: its window's fields only when it is not part of an induction series. */
export type FigureAdministration = {
  id: string;
  date: string;
  route: string;
  phase: string;
  in_series: boolean;
} & Partial<FigureWindow>;

export interface FigureEpisode {
  id: string;
  title: string;
  first_administration_date: string | null;
  baseline: number | null;
  baseline_days: number;
  current: number | null;
  current_days: number;
  change: number | null;
  reduction_percent: number | null;
  category: Category | null;
  category_reason: CategoryReason | null;
}

export interface FigureRedFlag {
  date: string;
  kind: "side_effect" | "blood_pressure" | "heart_rate" | "assessment";
  code: string | null;
  detail: string;
  record_id: string | null;
}

export interface Figures {
  figures_version: number;
  as_of: string;
  days: number;
  logged_days: number;
  series: FigureSeries[];
  administrations: FigureAdministration[];
  episodes: FigureEpisode[];
  red_flags: FigureRedFlag[];
}

/** A summary as summaries/ lists it (CONTRACT.md). */
export interface SummaryDoc {
  id: string;
  status: "pending" | "ready" | "failed";
  period_start: string;
  period_end: string;
  generated_at: string | null;
  figures: unknown;
}

/** The figures of a ready summary of version 2; null for any other (never shown). */
export function figuresOf(summary: Pick<SummaryDoc, "status" | "figures"> | null | undefined): Figures | null {
  const figures = summary?.figures as Partial<Figures> | null | undefined;
  return summary?.status === "ready" && figures?.figures_version === 2 ? (figures as Figures) : null;
}
