// Writes a .gz and a .br beside every text file of the build (dist) larger than 1 KB, and
// beside index.html, at the highest quality: compressed once at build time, served by
// WhiteNoise (and the shell's view) to browsers that accept them. Run after `vite build`
// (the build script does).
import { readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const DIST = new URL("../dist/", import.meta.url).pathname;
const TEXT = /\.(js|mjs|css|html|svg|webmanifest|json|txt|map)$/;
const MIN_BYTES = 1024;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let count = 0;
for await (const path of files(DIST)) {
  if (/\.(gz|br)$/.test(path)) {
    // A leftover from an earlier build whose original is gone would be served by nobody; drop it.
    const original = path.slice(0, -3);
    if (!(await stat(original).catch(() => null))) await unlink(path);
    continue;
  }
  if (!TEXT.test(path)) continue;
  const data = await readFile(path);
  // The shell is compressed whatever its size: it is the first request of every visit.
  if (data.length < MIN_BYTES && !path.endsWith(".html")) continue;
  const gz = gzipSync(data, { level: 9 });
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  // A variant no smaller than the original is not worth a Content-Encoding.
  if (gz.length < data.length) await writeFile(`${path}.gz`, gz);
  if (br.length < data.length) await writeFile(`${path}.br`, br);
  count += 1;
  console.log(
    `${relative(DIST, path).padEnd(48)} ${(data.length / 1024).toFixed(1).padStart(7)} KB` +
      `  gzip ${(gz.length / 1024).toFixed(1).padStart(6)} KB  br ${(br.length / 1024).toFixed(1).padStart(6)} KB`,
  );
}
console.log(`compressed ${count} files (gzip -9, brotli 11)`);
