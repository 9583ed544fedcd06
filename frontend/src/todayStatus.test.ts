import { afterEach, describe, expect, it } from "vitest";
import { activateLanguage } from "./i18n";
import { round1, todayStatus, type StatusAdministration, type StatusEntry } from "./todayStatus";

const e = (diary_date: string, pain_now: unknown): StatusEntry => ({ diary_date, pain_now });
const infusion = (id: string, at: string, phase = "induction", episode: string | null = "ep1"): StatusAdministration => ({
  id,
  administered_at: at,
  episode,
  phase,
  route: "iv_infusion",
});

// The course: induction infusions on 5, 7 and 11 May; today is 20 May.
const COURSE = [
  infusion("a1", "2026-05-05T10:00:00+01:00"),
  infusion("a2", "2026-05-07T10:00:00+01:00"),
  infusion("a3", "2026-05-11T10:00:00+01:00"),
];
// Before the course (28 Apr … 4 May): 7, (6+8)/2 = 7, 6, 7 → 27/4 = 6.75 → 6.8 (half away from zero).
const BEFORE = [e("2026-04-28", 7), e("2026-04-29", 6), e("2026-04-29", 8), e("2026-04-30", 6), e("2026-05-02", 7)];
// This week (14 … 20 May): 3, 4, (2+3)/2 = 2.5, 3, 3 → 15.5/5 = 3.1. 13 May and 21 May are outside.
const WEEK = [e("2026-05-14", 3), e("2026-05-15", 4), e("2026-05-16", 2), e("2026-05-16", 3), e("2026-05-18", 3), e("2026-05-20", 3)];
const OUTSIDE = [e("2026-05-13", 10), e("2026-05-21", 10), e("2026-04-27", 0), e("2026-05-05", 0), e("2026-05-19", null)];

describe("todayStatus", () => {
  it("gives the day after the last infusion, this week's pain and the pain before the course", () => {
    const status = todayStatus({ today: "2026-05-20", entries: [...BEFORE, ...WEEK, ...OUTSIDE], administrations: COURSE });
    expect(status.text).toBe("Day 9 after your last infusion; pain 3.1 this week vs 6.8 before the course.");
    expect(status.basis).toBe("Based on 5 days logged of the last 7 and 4 of the 7 days before the course.");
  });

  it("starts the course at its first induction infusion, not at a later maintenance dose", () => {
    const maintenance = infusion("m1", "2026-05-18T09:00:00+01:00", "maintenance");
    const status = todayStatus({ today: "2026-05-20", entries: [...BEFORE, ...WEEK], administrations: [...COURSE, maintenance] });
    expect(status.text).toBe("Day 2 after your last infusion; pain 3.1 this week vs 6.8 before the course.");
  });

  it("reads an administration's date in its own offset", () => {
    // 00:30 on 11 May in Tokyo is 10 May in UTC: still day 9 on 20 May.
    const late = [infusion("a1", "2026-05-05T10:00:00+01:00"), infusion("a3", "2026-05-11T00:30:00+09:00")];
    expect(todayStatus({ today: "2026-05-20", entries: [...BEFORE, ...WEEK], administrations: late }).text).toMatch(/^Day 9 after/);
  });

  it("says the last infusion was today on its day", () => {
    const status = todayStatus({ today: "2026-05-11", entries: [], administrations: COURSE });
    expect(status.text).toBe("Your last infusion was today; not enough entries this week for an average (0 of the 3 days needed).");
  });

  it("shows no weekly number from fewer than 3 logged days", () => {
    const two = [e("2026-05-19", 2), e("2026-05-20", 4), e("2026-05-20", 6)];
    const status = todayStatus({ today: "2026-05-20", entries: [...BEFORE, ...two], administrations: COURSE });
    expect(status.text).toBe("Day 9 after your last infusion; not enough entries this week for an average (2 of the 3 days needed).");
    expect(status.text).not.toMatch(/\d\.\d/);
  });

  it("does not compare when too few days were logged before the course", () => {
    const status = todayStatus({ today: "2026-05-20", entries: [...BEFORE.slice(0, 3), ...WEEK], administrations: COURSE });
    expect(status.text).toBe("Day 9 after your last infusion; pain 3.1 this week (too few days logged before the course to compare).");
    expect(status.basis).toBe("Based on 5 days logged of the last 7; 2 days logged in the week before the course, 3 needed.");
  });

  it("compares with the week before a dose outside any episode", () => {
    const single = { id: "s", administered_at: "2026-05-11T10:00:00+01:00", episode: null, phase: "single", route: "im" };
    // 4 … 10 May: 5, 6, 7 → 6.0
    const before = [e("2026-05-04", 5), e("2026-05-06", 6), e("2026-05-10", 7)];
    const status = todayStatus({ today: "2026-05-20", entries: [...before, ...WEEK], administrations: [single] });
    expect(status.text).toBe("Day 9 after your last dose; pain 3.1 this week vs 6.0 before that dose.");
  });

  it("gives this week's pain alone without any administration, and says when there is too little", () => {
    expect(todayStatus({ today: "2026-05-20", entries: WEEK, administrations: [] }).text).toBe("Your pain this week: 3.1 on average.");
    expect(todayStatus({ today: "2026-05-20", entries: [], administrations: [] }).text).toBe(
      "Your pain this week: not enough entries this week for an average (0 of the 3 days needed).",
    );
  });

  it("ignores an administration dated after today", () => {
    const future = infusion("f", "2026-05-25T10:00:00+01:00");
    expect(todayStatus({ today: "2026-05-20", entries: WEEK, administrations: [...COURSE, future] }).text).toMatch(/^Day 9 after/);
  });
});

describe("round1", () => {
  it("rounds half away from zero once", () => {
    expect(round1(6.75)).toBe("6.8");
    expect(round1(2.25)).toBe("2.3");
    expect(round1(3.1)).toBe("3.1");
    expect(round1(10 / 3)).toBe("3.3");
    expect(round1(0)).toBe("0.0");
  });
});

describe("todayStatus in Spanish", () => {
  afterEach(async () => activateLanguage("en"));

  it("says the same in Spanish, with plural days and decimal commas", async () => {
    await activateLanguage("es");
    const status = todayStatus({ today: "2026-05-20", entries: [...BEFORE, ...WEEK, ...OUTSIDE], administrations: COURSE });
    expect(status.text).toBe(
      "Día 9 después de su última infusión; dolor 3,1 esta semana, frente a 6,8 antes del ciclo de tratamiento.",
    );
    expect(status.basis).toBe("Según 5 días registrados de los últimos 7 y 4 de los 7 días antes del ciclo de tratamiento.");
    const one = todayStatus({ today: "2026-05-20", entries: [e("2026-05-20", 3)], administrations: [] });
    expect(one.text).toBe(
      "Su dolor esta semana: no hay suficientes registros esta semana para una media (1 de los 3 días necesarios).",
    );
  });
});
