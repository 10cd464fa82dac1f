// Minifies a file of JavaScript in place with terser (Debian's node-terser), keeping its
// top-level names (the widgets' module factory is called by name from site/embed.js).
// Used by the web build on emscripten's glue code; see widgets/CMakeLists.txt.
const fs = require('fs');
const { minify } = require('terser');

const file = process.argv[2];
minify(fs.readFileSync(file, 'utf8'), { compress: true, mangle: true, toplevel: false })
  .then((out) => fs.writeFileSync(file, out.code))
  .catch((e) => { console.error(`minify-js: ${file}: ${e.message}`); process.exit(1); });
