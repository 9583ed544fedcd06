import { describe, expect, it } from "vitest";
import { unsentText } from "./components/OutboxBanner";
import { isIosSafari, platformOf } from "./install";

const IPHONE_SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const IPHONE_CHROME =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1";
const IPAD_DESKTOP = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

describe("platformOf", () => {
  it("tells iPhone, an iPad asking for the desktop site, Android and a computer apart", () => {
    expect(platformOf(IPHONE_SAFARI)).toBe("ios");
    expect(platformOf(IPAD_DESKTOP, 5)).toBe("ios");
    expect(platformOf(IPAD_DESKTOP, 0)).toBe("desktop"); // a Mac
    expect(platformOf(ANDROID)).toBe("android");
  });
  it("knows Safari from other browsers on iOS", () => {
    expect(isIosSafari(IPHONE_SAFARI)).toBe(true);
    expect(isIosSafari(IPHONE_CHROME)).toBe(false);
  });
});

describe("unsentText", () => {
  const row = (entity: string, id: string) => ({ entity, id }) as never;
  it("counts records once, with the right plural", () => {
    expect(unsentText([])).toBe("");
    expect(unsentText([row("entry", "a")])).toBe("1 entry not yet sent");
    expect(unsentText([row("entry", "a"), row("entry", "a"), row("entry", "b")])).toBe("2 entries not yet sent");
    expect(unsentText([row("administration", "x")])).toBe("1 change not yet sent");
    expect(unsentText([row("entry", "a"), row("medication", "m"), row("administration", "x")])).toBe(
      "1 entry and 2 other changes not yet sent",
    );
  });
});
