/**
 * The body map's drawing: which shapes stand for which body-region code, front and back.
 *
 * The codes are exactly the catalogue's body regions (diary/catalogue.py BODY_REGIONS; a unit
 * test compares them with a fixture the Python suite checks against the catalogue). Labels are
 * never kept here: they come from the catalogue. Left and right are the patient's own: on the
 * front view the patient's left is on the right of the picture, on the back view on the left.
 *
 * Coordinates are in a 240 × 420 view box; the figure stands with arms a little apart so
 * hands, elbows and feet stay tappable at 320 px.
 */

export type View = "front" | "back";

/** An ellipse (cx, cy, rx, ry, rotation in degrees) or a rounded rectangle (x, y, w, h, radius). */
export type Shape = { e: [number, number, number, number, number?] } | { r: [number, number, number, number, number] };

export interface Region {
  code: string;
  shapes: Shape[];
}

export const VIEW_BOX = { width: 240, height: 420 };
const MID = VIEW_BOX.width / 2;

/** The same shape on the other side of the body's midline. */
function mirror(shape: Shape): Shape {
  if ("e" in shape) {
    const [cx, cy, rx, ry, rot = 0] = shape.e;
    return { e: [2 * MID - cx, cy, rx, ry, -rot] };
  }
  const [x, y, w, h, radius] = shape.r;
  return { r: [2 * MID - x - w, y, w, h, radius] };
}

// One side's limbs, drawn on the left of the picture (x < 120).
const LIMBS: [string, Shape][] = [
  ["arm", { e: [66, 126, 12, 30, 20] }],
  ["elbow", { e: [52, 166, 13, 13] }],
  ["forearm", { e: [42, 203, 11, 25, 14] }],
  ["hand", { e: [31, 248, 14, 19, 12] }],
  ["hip", { e: [87, 207, 11, 20] }],
  ["thigh", { e: [103, 263, 16, 34] }],
  ["knee", { e: [102, 313, 15, 15] }],
  ["lower_leg", { e: [101, 358, 13, 29] }],
  ["foot", { e: [97, 401, 18, 11] }],
];

/**
 * The limbs of both sides: on the front view the picture's left is the patient's right, on the
 * back view the patient's left. Listed top to bottom, right before left (the arrow-key order).
 */
function limbs(view: View): Region[] {
  const onPictureLeft = view === "front" ? "right" : "left";
  const onPictureRight = view === "front" ? "left" : "right";
  const regions: Region[] = [];
  for (const [part, shape] of LIMBS) {
    regions.push({ code: `${onPictureLeft}_${part}`, shapes: [shape] });
    regions.push({ code: `${onPictureRight}_${part}`, shapes: [mirror(shape)] });
  }
  return regions;
}

const SHOULDERS: Region = { code: "shoulders", shapes: [{ e: [80, 88, 19, 12] }, mirror({ e: [80, 88, 19, 12] })] };
const NECK: Region = { code: "neck", shapes: [{ r: [107, 58, 26, 22, 8] }] };

/** Head first, then the trunk, then the limbs: the order Tab and the arrow keys follow. */
export const REGIONS: Record<View, Region[]> = {
  front: [
    { code: "face", shapes: [{ e: [MID, 32, 23, 27] }] },
    NECK,
    SHOULDERS,
    { code: "chest", shapes: [{ r: [96, 81, 48, 54, 14] }] },
    { code: "abdomen", shapes: [{ r: [96, 138, 48, 50, 12] }] },
    { code: "pelvis", shapes: [{ r: [97, 191, 46, 38, 14] }] },
    ...limbs("front"),
  ],
  back: [
    { code: "head", shapes: [{ e: [MID, 32, 23, 27] }] },
    NECK,
    SHOULDERS,
    { code: "upper_back", shapes: [{ r: [96, 81, 48, 72, 14] }] },
    { code: "lower_back", shapes: [{ r: [96, 156, 48, 44, 12] }] },
    ...limbs("back"),
  ],
};

/** The outline drawn under the regions of the back view where no region is (the buttocks). */
export const BACK_OUTLINE: Shape[] = [{ r: [97, 203, 46, 28, 14] }];

/** Every code the map draws, once (front first). */
export function regionCodes(): string[] {
  return [...new Set([...REGIONS.front, ...REGIONS.back].map((r) => r.code))];
}

/** The views a code is drawn on. */
export function viewsOf(code: string): View[] {
  return (["front", "back"] as View[]).filter((view) => REGIONS[view].some((r) => r.code === code));
}
