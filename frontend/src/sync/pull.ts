/** Pulling: pages until has_more is false; `reset` or a refused cursor starts again from scratch. */
import type { PullPage } from "../api/types";
import { getMeta } from "../db";
import { HttpError, request } from "../http";
import { applyPage, resetLocal } from "./apply";
import { AuthError } from "./push";

export const PULL_LIMIT = 500;

export async function pullAll(): Promise<void> {
  let cursor = await getMeta<string | null>("cursor", null);
  let resets = 0;
  for (let pages = 0; pages < 100_000; pages++) {
    const query = new URLSearchParams({ limit: String(PULL_LIMIT) });
    if (cursor) query.set("cursor", cursor);
    const res = await request<PullPage>("GET", `/api/v1/sync/pull?${query}`);
    if (res.status === 401 || res.status === 403) throw new AuthError(res.status);
    const badCursor = res.status === 400 && cursor !== null;
    if (badCursor || (res.status === 200 && res.body.reset)) {
      if (++resets > 2) throw new HttpError(res.status, res.body, res.retryAfterMs);
      await resetLocal();
      cursor = null;
      continue;
    }
    if (res.status !== 200) throw new HttpError(res.status, res.body, res.retryAfterMs);
    await applyPage(res.body);
    cursor = res.body.cursor;
    if (!res.body.has_more) return;
  }
}
