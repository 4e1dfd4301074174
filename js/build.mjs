// Bundle every view in src/ (each *.js and *.css directly in src/ is an entry point) into
// ../imagewidgets/static/, one file per entry. Helpers under src/lib/ are bundled into the views.
// Facts Python reads too (src/lib/*.json, e.g. the brush limits) are copied beside them.
import { copyFileSync, readdirSync } from "node:fs";
import { build } from "esbuild";

const OUT = "../imagewidgets/static";

const entryPoints = readdirSync("src")
  .filter((name) => name.endsWith(".js") || name.endsWith(".css"))
  .map((name) => `src/${name}`);

await build({
  entryPoints,
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  outdir: OUT,
  logLevel: "warning",
});

for (const name of readdirSync("src/lib").filter((file) => file.endsWith(".json"))) {
  copyFileSync(`src/lib/${name}`, `${OUT}/${name}`);
}
