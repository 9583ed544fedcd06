/** Local dates and date-times with the device's UTC offset, as the API wants them; dates and times
 * shown in the app's language (src/i18n.ts). */
import { formatDateTime } from "./i18n";

const pad = (n: number) => String(n).padStart(2, "0");

export function localDate(d = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function isoWithOffset(d = new Date()): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The value of an <input type="datetime-local"> for a stored date-time (local clock). */
export function toLocalInput(iso: unknown): string {
  if (typeof iso !== "string" || !iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string {
  return isoWithOffset(new Date(value));
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00`);
  d.setDate(d.getDate() + days);
  return localDate(d);
}

export function formatDate(date: unknown): string {
  if (typeof date !== "string" || !date) return "";
  const d = new Date(date.length === 10 ? `${date}T12:00:00` : date);
  return formatDateTime(d, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

export function formatTime(iso: unknown): string {
  if (typeof iso !== "string" || !iso) return "";
  return formatDateTime(new Date(iso), { hour: "2-digit", minute: "2-digit" });
}

/** The stored date-time itself when the input still shows it (keeps its offset and seconds). */
export function sameMoment(stored: unknown, input: string): string | null {
  return typeof stored === "string" && toLocalInput(stored) === input ? stored : null;
}
