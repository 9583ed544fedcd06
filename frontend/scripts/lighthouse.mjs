// Lighthouse (mobile profile, simulated throttling: its defaults) on one page, the JSON report
// on stdout. Used by bench/lighthouse.py and tests/e2e/test_lighthouse.py.
//
//   node scripts/lighthouse.mjs URL [--cookie name=value]
//
// `--cookie` audits a signed-in page: the cookie is put in the browser's own jar before the
// run. (Lighthouse's --extra-headers cannot do it: once the page has a cookie of its own, the
// CSRF token, the browser's Cookie header replaces the extra one on the app's requests.)
// Chromium: CHROME_PATH, else chrome-launcher's search.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const [url, ...rest] = process.argv.slice(2);
if (!url) {
  console.error("usage: node scripts/lighthouse.mjs URL [--cookie name=value]");
  process.exit(2);
}
const cookieAt = rest.indexOf("--cookie");
const cookie = cookieAt >= 0 ? rest[cookieAt + 1] : undefined;

const chrome = await chromeLauncher.launch({
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
let status = 0;
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const page = await browser.newPage();
  if (cookie) {
    const [name, ...value] = cookie.split("=");
    await browser.setCookie({ name, value: value.join("="), domain: new URL(url).hostname, path: "/" });
  }
  const result = await lighthouse(
    url,
    {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
    },
    undefined,
    page,
  );
  if (!result) throw new Error("Lighthouse returned no result");
  await new Promise((done) => process.stdout.write(result.report, done)); // all of it, before exit
  await browser.disconnect();
} catch (error) {
  console.error(error);
  status = 1;
} finally {
  await chrome.kill();
}
process.exit(status);
