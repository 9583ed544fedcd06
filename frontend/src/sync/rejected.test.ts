import { describe, expect, it } from "vitest";
import { editable, sentMutation } from "./rejected";

const MUTATION = { mid: 1, entity: "entry", op: "upsert", id: "e1", base_version: null, data: { pain_now: 5, notes: "a\u0000b" } };

describe("a rejected change, to fix", () => {
  it("reads the mutation back from json_text, character for character", () => {
    const stored = { json_text: JSON.stringify(MUTATION) }; // NUL as \u0000
    expect(sentMutation(stored)).toEqual(MUTATION);
    expect(sentMutation({ ...MUTATION, data: { pain_now: 5 } })?.data).toEqual({ pain_now: 5 });
    expect(sentMutation({ json_text: "{not json" })).toBeNull();
    expect(sentMutation(null)).toBeNull();
  });

  it("shows what the server cannot store as � in the editor, and keeps the rest", () => {
    expect(editable({ notes: "a\u0000b", pain_now: 5, locations: ["x\ud800", "\ud83d\ude00"] })).toEqual({
      notes: "a\ufffdb",
      pain_now: 5,
      locations: ["x\ufffd", "\ud83d\ude00"],
    });
  });
});
