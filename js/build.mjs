// Bundle every view in src/ (each *.js and *.css directly in src/ is an entry point) into
// ../imagewidgets/static/, one file per entry. Helpers under src/lib/ are bundled into the views.
import { readdirSync } from "node:fs";
import { build } from "esbuild";

const entryPoints = readdirSync("src")
  .filter((name) => name.endsWith(".js") || name.endsWith(".css"))
  .map((name) => `src/${name}`);

await build({
  entryPoints,
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  outdir: "../imagewidgets/static",
  logLevel: "warning",
});
