/**
 * The API's shapes the app uses, named: every one comes from the generated schema types
 * (schema.gen.ts, `npm run api-types`), none is written by hand. When the server's API
 * changes, regenerating makes `tsc` point at every place the app must follow.
 */
import type { components, paths } from "./schema.gen";

type Schemas = components["schemas"];
type Method = "get" | "post" | "patch" | "delete";
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The JSON body an operation takes. */
export type RequestBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** The JSON an operation answers with `status` (200 unless said). */
export type ResponseBody<P extends keyof paths, M extends Method, S extends number = 200> =
  Operation<P, M> extends { responses: { [K in S]: { content: { "application/json": infer B } } } } ? B : never;

// --- sync (CONTRACT.md § Sync) ----------------------------------------------------------
export type PushBatch = RequestBody<"/api/v1/sync/push", "post">;
export type Mutation = Schemas["MutationRequest"];
export type PushResponse = ResponseBody<"/api/v1/sync/push", "post">;
export type PushResult = Schemas["PushResult"];
export type MidGap = ResponseBody<"/api/v1/sync/push", "post", 409>;
export type PullPage = ResponseBody<"/api/v1/sync/pull", "get">;
export type Change = PullPage["changes"][number];
export type Tombstone = Extract<Change, { deleted: true }>;

/** Every entity a pull carries: the record kinds, conflicts and rejections. */
export type PulledEntity = Tombstone["entity"];
/** The record kinds a patient writes (src/kinds.ts declares them for the app). */
export type Entity = Exclude<Mutation["entity"], "conflict">;
/** What the server shows of a live record of one entity (its REST document). */
export type DocumentOf<E extends PulledEntity> = Extract<Change, { entity: E; deleted: false }>["data"];
export type Conflict = DocumentOf<"conflict">;
export type Rejection = DocumentOf<"rejection">;
export type MutationError = Rejection["errors"][number];

// --- the catalogue ------------------------------------------------------------------------
export type Catalog = ResponseBody<"/api/v1/catalog/", "get">;
export type CatalogItem = Catalog["conditions"][number];
export type CatalogSideEffect = Catalog["side_effects"][number];
export type CatalogDrug = Catalog["drugs"][number];
export type CatalogValue = Catalog["severities"][number];

// --- me, reminders, Web Push ----------------------------------------------------------------
export type Me = ResponseBody<"/api/v1/me/", "get">;
export type MeChange = RequestBody<"/api/v1/me/", "patch">;
export type ReminderSettings = NonNullable<Me["reminders"]>;
export type ReminderSettingsChange = NonNullable<MeChange["reminders"]>;
export type CheckinOffset = ReminderSettings["checkin_offsets"][number];
export type EpisodeCheckins = ResponseBody<"/api/v1/episodes/{record_id}/checkins/", "get">;
export type EpisodeCheckinsChange = RequestBody<"/api/v1/episodes/{record_id}/checkins/", "patch">;
export type WebPushConfig = ResponseBody<"/api/v1/push/config", "get">;
export type WebPushSubscription = ResponseBody<"/api/v1/push-subscriptions/", "post", 201>;

// --- sharing and summaries ------------------------------------------------------------------
export type Share = ResponseBody<"/api/v1/shares/", "get">["results"][number];
export type ShareCreate = RequestBody<"/api/v1/shares/", "post">;
export type Summary = ResponseBody<"/api/v1/summaries/", "get">["results"][number];
export type SummaryRequest = RequestBody<"/api/v1/summaries/", "post">;
