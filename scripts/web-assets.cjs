// Makes the web build's files cheap to fetch again (issue 15, "bytes once"); run by the web
// build after the widgets' module is linked (widgets/CMakeLists.txt):
//   node scripts/web-assets.cjs DIST_DIR SITE_DIR
// - copies the modules (quartier-widgets and quartier-staff, .js and .wasm) under content-hashed names
//   (quartier-widgets.<12 hex of SHA-256>.js), which the server sends as immutable for a year;
// - writes DIST_DIR/root/embed.js: site/embed.js minified by terser (Debian's node-terser)
//   with the module's hashed names in place of the plain ones; the server serves
//   DIST_DIR/root at / before the site folder, with a validator (ETag) so a repeat visit
//   costs one 304;
// - gives embed.js its own words in every language of po/ (its T(lang, '…') texts, numbered,
//   with each catalog's translations in its WORDS table, read by Debian's node-gettext-parser);
// - precompresses every file it wrote, and the plain module names, as .gz (zlib level 9) and
//   .br (brotli quality 11, Node's own zlib) beside it, for clients that accept them;
// - removes hashed files of earlier builds.
// The plain names stay for tools and pages that load the module directly (bench, tests).
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { minify } = require('terser');
const gettext = require('gettext-parser');

const [dist, site] = process.argv.slice(2);
if (!dist || !site) {
  console.error('usage: web-assets.cjs DIST_DIR SITE_DIR');
  process.exit(2);
}

const hashOf = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 12);

function precompress(file) {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file + '.gz', zlib.gzipSync(bytes, { level: 9 }));
  fs.writeFileSync(file + '.br', zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }));
}

// embed.js's T(lang, 'français') calls become T(lang, 0), T(lang, 1)… and its empty WORDS
// table the texts in that order: French, then each po/<lang>.po's translation (French where a
// catalog lacks one; scripts/i18n/check makes sure none does).
function withWords(embed, poDir) {
  const french = [];
  const numbered = embed.replace(/\bT\(lang, '((?:[^'\\]|\\.)*)'/g, (all, literal) => {
    const text = literal.replace(/\\(.)/g, '$1');
    if (!french.includes(text)) french.push(text);
    return 'T(lang, ' + french.indexOf(text);
  });
  const words = { fr: french };
  for (const file of fs.readdirSync(poDir).filter((f) => f.endsWith('.po')).sort()) {
    const catalog = gettext.po.parse(fs.readFileSync(path.join(poDir, file)));
    const messages = catalog.translations[''] || {};
    words[path.basename(file, '.po')] = french.map((t) => (messages[t] && messages[t].msgstr[0]) || t);
  }
  const empty = 'var WORDS = {};';
  if (!numbered.includes(empty)) throw new Error('site/embed.js has no "' + empty + '"');
  return numbered.split(empty).join('var WORDS = ' + JSON.stringify(words) + ';');
}

async function main() {
  const hashed = {};
  const keep = new Set();
  for (const name of ['quartier-widgets.js', 'quartier-widgets.wasm', 'quartier-staff.js', 'quartier-staff.wasm']) {
    const bytes = fs.readFileSync(path.join(dist, name));
    const ext = path.extname(name);
    const out = name.slice(0, -ext.length) + '.' + hashOf(bytes) + ext;
    fs.writeFileSync(path.join(dist, out), bytes);
    hashed[name] = out;
    keep.add(out);
    precompress(path.join(dist, name));
    precompress(path.join(dist, out));
  }
  // Hashed files of earlier builds (and their compressed copies) are never asked again.
  for (const f of fs.readdirSync(dist)) {
    const m = /^((quartier-widgets|quartier-staff)\.[0-9a-f]{12}\.(js|wasm))(\.gz|\.br)?$/.exec(f);
    if (m && !keep.has(m[1])) fs.unlinkSync(path.join(dist, f));
  }

  let embed = fs.readFileSync(path.join(site, 'embed.js'), 'utf8');
  for (const [plain, out] of Object.entries(hashed)) {
    const quoted = "'widgets/" + plain + "'";
    if (!embed.includes(quoted)) throw new Error(`site/embed.js does not name ${quoted}`);
    embed = embed.split(quoted).join("'widgets/" + out + "'");
  }
  embed = withWords(embed, path.resolve(site, '..', 'po'));
  const min = await minify(embed, { compress: true, mangle: true });
  const root = path.join(dist, 'root');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'embed.js'), min.code);
  precompress(path.join(root, 'embed.js'));
}

main().catch((e) => {
  console.error(`web-assets: ${e.message}`);
  process.exit(1);
});
