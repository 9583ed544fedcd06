/**
 * The record kinds, declared once in the app. Their names come from the server's schema
 * (`Entity`): a kind the server adds fails `tsc` here until it is declared, and so does one
 * it drops. `plural` is the kind's REST path segment and its IndexedDB table; `indexes` the
 * table's Dexie indexes (db.ts); `name` what the patient reads ("a change to a medicine"), in
 * English: `kindName` gives it in the app's language.
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import type { paths } from "./api/schema.gen";
import { i18n } from "./i18n";
import type { DocumentOf, Entity, RequestBody } from "./api/types";

export type { Entity };

export const KINDS = {
  episode: { plural: "episodes", indexes: "id, started_on", name: "episode" },
  administration: { plural: "administrations", indexes: "id, administered_at, episode", name: "dose or infusion" },
  entry: { plural: "entries", indexes: "id, diary_date, recorded_at, administration, episode", name: "diary entry" },
  medication: { plural: "medications", indexes: "id, taken_at", name: "medicine" },
  assessment: { plural: "assessments", indexes: "id, completed_at, instrument", name: "questionnaire" },
} as const satisfies Record<Entity, { plural: string; indexes: string; name: string }>;

// What the patient reads for each kind, translated when read (module-level messages are `msg`).
const NAMES = {
  episode: msg({ comment: "A record kind: a treatment episode (course)", message: "episode" }),
  administration: msg({ comment: "A record kind: one dose or infusion session of a treatment", message: "dose or infusion" }),
  entry: msg({ comment: "A record kind: one entry of the pain diary", message: "diary entry" }),
  medication: msg({ comment: "A record kind: one intake of a medicine", message: "medicine" }),
  assessment: msg({ comment: "A record kind: a completed questionnaire (PHQ-9, GAD-7, …)", message: "questionnaire" }),
} as const satisfies Record<Entity, MessageDescriptor>;

/** The kind's name as the patient reads it, in the app's language ("medicine", "medicamento"). */
export function kindName(entity: Entity): string {
  return i18n._(NAMES[entity]);
}

export type Plural<E extends Entity> = (typeof KINDS)[E]["plural"];

/** Parents before children, as the server lists them. */
export const ENTITIES = Object.keys(KINDS) as Entity[];

export function isEntity(value: unknown): value is Entity {
  return typeof value === "string" && Object.hasOwn(KINDS, value);
}

/** What a kind's REST endpoint takes to create a record: what a sync upsert's `data` holds. */
export type InputOf<E extends Entity> = RequestBody<`/api/v1/${Plural<E>}/` & keyof paths, "post">;

/** The record as the server shows it (its REST document). */
export type RecordOf<E extends Entity> = DocumentOf<E>;
