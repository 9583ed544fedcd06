import { describe, expect, it } from "vitest";
import { withElements } from "./markup";

describe("a translated sentence with elements inside", () => {
  const wrap = (tag: string) => (words: string) => `[${tag}:${words}]`;

  it("wraps what each numbered tag encloses, in the translation's order, and keeps the text around", () => {
    const parts = withElements("Registre sus dosis en <0>Tratamiento</0>, y cómo se siente en <1>Hoy</1>.", [wrap("a"), wrap("b")]);
    expect(parts).toEqual(["Registre sus dosis en ", "[a:Tratamiento]", ", y cómo se siente en ", "[b:Hoy]", "."]);
    expect(withElements("<1>Hoy</1> y <0>Tratamiento</0>", [wrap("a"), wrap("b")])).toEqual(["[b:Hoy]", " y ", "[a:Tratamiento]"]);
  });

  it("leaves a sentence without tags, or with a tag it has no element for, as words", () => {
    expect(withElements("Nothing to wrap.", [wrap("a")])).toEqual(["Nothing to wrap."]);
    expect(withElements("Go to <3>Today</3>.", [wrap("a")])).toEqual(["Go to ", "Today", "."]);
  });
});
