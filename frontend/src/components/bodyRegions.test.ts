import { expect, it } from "vitest";
import { REGIONS, regionCodes, VIEW_BOX, viewsOf } from "./bodyRegions";
import catalogue from "./bodyRegions.fixture.json";

it("draws exactly the catalogue's body regions", () => {
  expect(new Set(regionCodes())).toEqual(new Set(Object.keys(catalogue)));
});

it("draws each region once per view, inside the picture", () => {
  for (const view of ["front", "back"] as const) {
    const codes = REGIONS[view].map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const region of REGIONS[view])
      for (const shape of region.shapes) {
        const [x, y] = "e" in shape ? [shape.e[0], shape.e[1]] : [shape.r[0], shape.r[1]];
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(VIEW_BOX.width);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(VIEW_BOX.height);
      }
  }
});

/** Where a region's first shape is drawn, across the picture. */
const xOf = (view: "front" | "back", code: string) => {
  const shape = REGIONS[view].find((r) => r.code === code)!.shapes[0]!;
  return "e" in shape ? shape.e[0] : shape.r[0] + shape.r[2] / 2;
};

it("puts the patient's own left on the picture's right from the front, on its left from the back", () => {
  const middle = VIEW_BOX.width / 2;
  expect(xOf("front", "left_knee")).toBeGreaterThan(middle);
  expect(xOf("front", "right_hand")).toBeLessThan(middle);
  expect(xOf("back", "left_knee")).toBeLessThan(middle);
  expect(xOf("back", "right_hand")).toBeGreaterThan(middle);
});

it("shows the face on the front, the head and the back on the back, the limbs on both", () => {
  expect(viewsOf("face")).toEqual(["front"]);
  expect(viewsOf("head")).toEqual(["back"]);
  expect(viewsOf("lower_back")).toEqual(["back"]);
  expect(viewsOf("chest")).toEqual(["front"]);
  expect(viewsOf("left_foot")).toEqual(["front", "back"]);
});
