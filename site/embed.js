/*
 * Quartier embed loader. A host page includes this script once and writes, where a widget
 * should appear:  <div data-quartier="proposals" data-lang="fr"></div>
 * Each widget gets its own canvas and WebAssembly instance, sizes itself to its container,
 * and is reachable from the page as window.quartier.widgets[i] (see docs/embedding.md).
 * No eval, no inline script, no cookies.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var base = new URL('.', script.src).href;            // where embed.js lives
  var apiOrigin = script.dataset.api || new URL(base).origin;
  var quartier = (window.quartier = window.quartier || { widgets: [] });

  // [Loading] One WebAssembly module holds every widget (widgets/CMakeLists.txt). The page
  // downloads its script and its .wasm once, side by side, compiles the .wasm once, and gives
  // each widget element an instance of its own (own memory, canvas and listeners).
  var runtime = null; // Promise<{ factory, wasm: WebAssembly.Module }>
  function loadRuntime() {
    if (runtime) return runtime;
    var factory = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = base + 'widgets/quartier-widgets.js';
      s.async = true;
      s.onload = function () {
        if (typeof window.QuartierWidgets === 'function') resolve(window.QuartierWidgets);
        else reject(new Error('the widgets did not load'));
      };
      s.onerror = function () { reject(new Error('the widgets could not be downloaded')); };
      document.head.appendChild(s);
    });
    var wasm = fetch(base + 'widgets/quartier-widgets.wasm', { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('the widgets could not be downloaded (HTTP ' + r.status + ')');
      // Streaming needs the application/wasm type; a server without it still gets compiled.
      var copy = r.clone();
      return (WebAssembly.compileStreaming ? WebAssembly.compileStreaming(r) : Promise.reject())
        .catch(function () { return copy.arrayBuffer().then(function (b) { return WebAssembly.compile(b); }); });
    });
    runtime = Promise.all([factory, wasm]).then(function (both) { return { factory: both[0], wasm: both[1] }; });
    return runtime;
  }

  function showProblem(el, lang) {
    var p = document.createElement('p');
    p.className = 'quartier-problem';
    p.setAttribute('role', 'alert');
    p.textContent = lang.indexOf('fr') === 0
      ? 'Ce module n’a pas pu se charger. Rechargez la page ou réessayez plus tard.'
      : 'This widget could not load. Reload the page or try again later.';
    el.appendChild(p);
  }

  // [Origin] A browser never tells a page why a cross-origin request failed. Before loading
  // widgets from another origin, the loader asks the server's embed check (answered to every
  // site, once per server and commune): a site off the commune's allow-list, an unknown
  // commune and a server that does not answer each get their own words in the widget, with
  // a link to the commune's plain pages when there is one.
  var checks = {};
  function checkOrigin(api, tenant) {
    if (api === window.location.origin) return Promise.resolve({ allowed: true });
    var key = api + '|' + tenant;
    if (!checks[key]) {
      checks[key] = fetch(api + '/api/v1/embed-check' + (tenant ? '?tenant=' + encodeURIComponent(tenant) : ''),
        { credentials: 'omit' })
        .then(function (r) {
          return r.json().then(function (body) {
            if (r.ok) return body;
            return { allowed: false, reason: 'unknown-tenant', messages: body.error && body.error.messages };
          });
        })
        .then(function (body) {
          if (!body.allowed && !body.reason) body.reason = 'origin-refused';
          return body;
        }, function () { return { allowed: false, reason: 'unreachable' }; });
    }
    return checks[key];
  }

  function showRefusal(el, lang, api, check) {
    var fr = lang.indexOf('fr') === 0;
    var box = document.createElement('div');
    box.className = 'quartier-problem quartier-refused';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'padding:24px;margin:0;font:inherit;line-height:1.5;color:#1f2933;' +
      'border-left:6px solid #b31c1c;background:#fff;';
    var text = check.messages && check.messages[fr ? 'fr' : 'en'];
    if (!text) {
      text = fr ? 'Le serveur de participation ne répond pas : ce module ne peut pas s’afficher. Réessayez plus tard.'
        : 'The participation server does not answer: this widget cannot show. Try again later.';
    }
    var p = document.createElement('p');
    p.style.margin = '0';
    p.textContent = text;
    box.appendChild(p);
    if (check.plain_url) {
      var more = document.createElement('p');
      more.style.margin = '12px 0 0';
      var a = document.createElement('a');
      a.href = api + check.plain_url + (fr ? '' : '?lang=en');
      a.textContent = fr ? 'Participer sur le site de ' + check.name + ' (version simple)'
        : 'Take part on the ' + check.name + ' site (simple version)';
      more.appendChild(a);
      box.appendChild(more);
    }
    el.appendChild(box);
  }

  // [Keyboard] Emscripten's GLFW listens to keys on the whole window: it would take the host
  // page's typing (and cancel Backspace and Tab there) and every other widget's. While a
  // widget starts, its GLFW key listeners are moved onto its own canvas, so that it hears
  // keys only when it has focus.
  function keysOnCanvas(canvas) {
    var original = window.addEventListener;
    var moved = 0;
    window.addEventListener = function (type, fn, capture) {
      if (type === 'keydown' || type === 'keypress' || type === 'keyup') {
        canvas.addEventListener(type, fn, capture);
        if (++moved === 3) window.addEventListener = original;
        return;
      }
      return original.apply(this, arguments);
    };
    return function restore() { window.addEventListener = original; };
  }

  // [Touch] Emscripten's GLFW sees one pointer and, for touches, not even where it is. The
  // element's own listeners (capture, before the canvas's) take every touch, keep the page
  // from scrolling under the map, and give the widget all fingers in CSS pixels.
  function forwardTouches(el, canvas, getModule) {
    canvas.style.touchAction = 'none';
    function send(e) {
      if (e.target !== canvas) return;
      var mod = getModule();
      e.preventDefault();
      e.stopPropagation();
      if (!mod) return;
      var r = canvas.getBoundingClientRect();
      var t = e.touches, n = t.length;
      var x0 = n > 0 ? t[0].clientX - r.left : 0, y0 = n > 0 ? t[0].clientY - r.top : 0;
      var x1 = n > 1 ? t[1].clientX - r.left : 0, y1 = n > 1 ? t[1].clientY - r.top : 0;
      mod._quartier_touch(n, x0, y0, x1, y1);
      if (n === 0 && e.type === 'touchend') canvas.focus({ preventScroll: true });
    }
    ['touchstart', 'touchmove', 'touchend', 'touchcancel'].forEach(function (type) {
      el.addEventListener(type, send, { capture: true, passive: false });
    });
  }

  // [Text] A canvas gets no virtual keyboard: while the widget edits a text field, a real
  // <input> or <textarea> covers it and does the typing (widgets/app/text_field.h). The
  // widget asks through Module.quartierOverlay; the element reports back every change
  // (quartier_text_input) and how it was left (quartier_text_closed: 0 elsewhere, 1 Tab,
  // -1 Shift+Tab, 2 Enter).
  function textOverlay(el, canvas, getModule, theme) {
    var field = null;
    var closing = false;
    function place(x, y, w, h) {
      field.style.left = (canvas.offsetLeft + x) + 'px';
      field.style.top = (canvas.offsetTop + y) + 'px';
      field.style.width = w + 'px';
      field.style.height = h + 'px';
    }
    function finish(how) {
      if (!field || closing) return;
      closing = true;
      var f = field;
      field = null;
      var mod = getModule();
      if (mod) mod.ccall('quartier_text_closed', null, ['number'], [how]);
      f.remove();
      if (how !== 0) canvas.focus({ preventScroll: true });
      closing = false;
    }
    return {
      open: function (x, y, w, h, value, multiline, numeric, label, fontPx) {
        finish(0);
        var f = document.createElement(multiline ? 'textarea' : 'input');
        if (!multiline) f.type = 'text';
        f.className = 'quartier-text';
        f.value = value;
        f.setAttribute('aria-label', label);
        if (numeric) f.inputMode = 'numeric';
        f.autocomplete = 'off';
        // Drawn like the widget's own fields (theme.cpp), with the focus ring in the accent.
        var dark = theme.dark;
        f.style.cssText = 'position:absolute;box-sizing:border-box;margin:0;resize:none;z-index:1;' +
          'border:2px solid ' + theme.accent + ';border-radius:8px;outline:none;' +
          'background:' + (dark ? '#22262B' : '#F4F6F9') + ';color:' + (dark ? '#E8EAED' : '#1F2933') + ';' +
          'padding:' + (multiline ? '12px' : '0') + ' 11px;line-height:1.3;' +
          'font:' + fontPx + 'px "DejaVu Sans",Verdana,sans-serif;';
        field = f;
        place(x, y, w, h);
        f.addEventListener('input', function () {
          var mod = getModule();
          if (mod) mod.ccall('quartier_text_input', null, ['string'], [f.value]);
        });
        f.addEventListener('keydown', function (e) {
          if (e.key === 'Tab') { e.preventDefault(); finish(e.shiftKey ? -1 : 1); }
          else if (e.key === 'Enter' && !multiline) { e.preventDefault(); finish(2); }
          else if (e.key === 'Escape') { e.preventDefault(); finish(2); }
        });
        f.addEventListener('blur', function () { finish(0); });
        // The press that opened the element ends over it: the canvas must still hear the
        // release, or the widget would think the button held and miss the next click.
        f.addEventListener('mouseup', function (e) {
          canvas.dispatchEvent(new MouseEvent('mouseup', {
            bubbles: true, cancelable: true, clientX: e.clientX, clientY: e.clientY,
            screenX: e.screenX, screenY: e.screenY, button: e.button, buttons: e.buttons
          }));
        });
        el.appendChild(f);
        f.focus({ preventScroll: true });
        var end = f.value.length;
        try { f.setSelectionRange(end, end); } catch (err) { /* number inputs */ }
      },
      move: function (x, y, w, h) { if (field) place(x, y, w, h); },
      close: function () {
        if (!field) return;
        var f = field;
        field = null;
        f.remove();
      }
    };
  }


  // [Mirror] Screen readers and keyboards cannot use a canvas. A widget that describes
  // itself (quartier_a11y: a tree of headings, lists, buttons, inputs and live regions)
  // gets an off-screen DOM copy of that tree; its buttons and inputs run the widget's own
  // commands (quartier_command). When keyboard focus enters the copy it is shown over the
  // canvas, so that sighted keyboard users see where they are.
  var HIDDEN = { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap', inset: 'auto', padding: '0', background: 'transparent', zIndex: 'auto' };
  var SHOWN = { position: 'absolute', width: 'auto', height: 'auto', overflow: 'auto', clip: 'auto',
    whiteSpace: 'normal', inset: '0', padding: '16px 20px', background: '#fff', zIndex: '2' };
  function setStyle(node, style) { Object.keys(style).forEach(function (k) { node.style[k] = style[k]; }); }

  function mirror(el, mod) {
    var root = document.createElement('div');
    root.className = 'quartier-mirror';
    setStyle(root, HIDDEN);
    root.style.color = '#1f2933';
    root.style.font = 'inherit';
    el.insertBefore(root, el.firstChild);
    root.addEventListener('focusin', function () { setStyle(root, SHOWN); });
    root.addEventListener('focusout', function (e) { if (!root.contains(e.relatedTarget)) setStyle(root, HIDDEN); });

    function command(id, value) {
      mod.ccall('quartier_command', 'number', ['string', 'string'], [id, JSON.stringify(value === undefined ? null : value)]);
      update();
    }
    function build(node, key) {
      var n, role = node.role;
      if (role === 'region') {
        n = document.createElement('section');
        n.setAttribute('aria-label', node.label || '');
      } else if (role === 'heading') {
        n = document.createElement('h' + Math.min(6, Math.max(2, node.level || 2)));
        n.textContent = node.text || '';
      } else if (role === 'status' || role === 'alert') {
        n = document.createElement('div');
        n.setAttribute('role', role);
        n.setAttribute('aria-live', role === 'alert' ? 'assertive' : 'polite');
        n.textContent = node.text || '';
        if (role === 'alert') n.style.color = '#b31c1c';
      } else if (role === 'list') {
        n = document.createElement('ul');
        if (node.label) n.setAttribute('aria-label', node.label);
      } else if (role === 'listitem') {
        n = document.createElement('li');
        var t = document.createElement('span');
        t.textContent = (node.text || '') + ' ';
        n.appendChild(t);
      } else if (role === 'button') {
        n = document.createElement('button');
        n.type = 'button';
        n.textContent = node.label || '';
        n.disabled = !!node.disabled;
        n.style.minHeight = '44px';
        n.style.margin = '4px 8px 4px 0';
        n.addEventListener('click', function () { command(node.id); });
      } else if (role === 'input') {
        n = document.createElement('label');
        n.style.display = 'block';
        n.textContent = (node.label || '') + ' ';
        var input = document.createElement('input');
        input.type = 'text';
        input.value = node.value || '';
        input.dataset.key = key;
        input.style.minHeight = '44px';
        input.addEventListener('input', function () { command(node.id, input.value); });
        n.appendChild(input);
      } else {
        n = document.createElement('p');
        n.textContent = node.text || '';
      }
      if (node.id && role !== 'input') n.dataset.key = key;
      (node.children || []).forEach(function (child, i) {
        n.appendChild(build(child, child.id || key + '.' + i));
      });
      return n;
    }
    var last = '';
    function update() {
      var json = mod.UTF8ToString(mod._quartier_a11y());
      if (json === last) return;
      last = json;
      var active = document.activeElement;
      var focusedKey = active && root.contains(active) ? active.dataset.key : null;
      var caret = active && active.selectionStart;
      var tree = JSON.parse(json);
      var fresh = tree ? build(tree, 'root') : document.createElement('div');
      root.replaceChildren(fresh);
      if (focusedKey) {
        var again = root.querySelector('[data-key="' + focusedKey.replace(/"/g, '') + '"]');
        // The control is gone (a new screen): focus the new screen's heading instead, so
        // that the keyboard stays in the widget and a screen reader announces where it is.
        if (!again) again = root.querySelector('h3') || root.querySelector('h2');
        if (again) {
          if (!again.dataset.key && again.tabIndex < 0) again.tabIndex = -1;
          again.focus();
          if (caret !== undefined && caret !== null && again.setSelectionRange) again.setSelectionRange(caret, caret);
        }
      }
    }
    update();
    setInterval(update, 250);
    return { update: update, command: command, root: root };
  }

  function mount(el) {
    if (el.dataset.quartierMounted) return;
    el.dataset.quartierMounted = '1';
    var name = el.dataset.quartier;
    var lang = el.dataset.lang || document.documentElement.lang || 'fr';
    if (!el.style.height && !el.dataset.height) el.style.minHeight = '520px';
    if (el.dataset.height) el.style.height = el.dataset.height;
    if (getComputedStyle(el).position === 'static') el.style.position = 'relative';

    var canvas = document.createElement('canvas');
    canvas.className = 'quartier-canvas';
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-label', lang.indexOf('fr') === 0 ? 'Module Quartier : ' + name : 'Quartier widget: ' + name);
    function fitCanvas() {
      canvas.style.display = 'block';
      canvas.style.width = '100%';
      canvas.style.height = '100%';
      canvas.style.position = 'absolute';
      canvas.style.inset = '0';
      canvas.style.outline = 'none';
    }
    fitCanvas();
    canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    el.appendChild(canvas);

    var config = {
      widget: name,
      api: el.dataset.api || apiOrigin,
      lang: lang,
      accent: el.dataset.accent || getComputedStyle(el).getPropertyValue('--quartier-accent').trim() || '#1d4ed8',
      theme: el.dataset.theme || 'light',
      tenant: el.dataset.tenant || script.dataset.tenant || '',
      process: el.dataset.process || '',
      token: el.dataset.token || ''
    };
    if (el.dataset.center) config.center = el.dataset.center.split(',').map(Number);

    var running = null;
    function getModule() { return running; }
    forwardTouches(el, canvas, getModule);
    var restoreKeys = function () {};
    var refused = {};
    checkOrigin(config.api, config.tenant).then(function (check) {
      if (check.allowed) return loadRuntime();
      canvas.remove();
      showRefusal(el, lang, config.api, check);
      el.dispatchEvent(new CustomEvent('quartier:unavailable', { bubbles: true, detail: { widget: name, reason: check.reason } }));
      throw refused;
    }).then(function (rt) {
      return new Promise(function (resolve, reject) {
        rt.factory({
          canvas: canvas,
          quartierElement: el,
          quartierConfig: config,
          quartierOverlay: textOverlay(el, canvas, getModule,
            { dark: config.theme === 'dark', accent: config.accent }),
          preRun: [function () { restoreKeys = keysOnCanvas(canvas); }],
          instantiateWasm: function (imports, receive) {
            WebAssembly.instantiate(rt.wasm, imports).then(function (instance) { receive(instance, rt.wasm); }, reject);
            return {};
          }
        }).then(resolve, reject);
      });
    }).then(function (mod) {
      restoreKeys();
      // main has run by now: it starts the widget named, unless there is none of that name.
      if (!mod._quartier_running()) throw new Error('widget "' + name + '" did not start');
      running = mod;
      var widget = {
        name: name,
        element: el,
        /** The widget's view-model as plain JSON (what it shows, what is typed, errors). */
        state: function () { return JSON.parse(mod.UTF8ToString(mod._quartier_state())); },
        /** Named controls and where they are, in CSS pixels relative to the canvas. */
        controls: function () { return JSON.parse(mod.UTF8ToString(mod._quartier_controls())); },
        /** Frame timings: count, first_done_at (performance.now()), recent_ms (last 256). */
        frames: function () { return JSON.parse(mod.UTF8ToString(mod._quartier_frames())); }
      };
      function resize() {
        var r = el.getBoundingClientRect();
        mod._quartier_resize(Math.round(r.width), Math.round(r.height), window.devicePixelRatio || 1);
        fitCanvas(); // Emscripten clears the canvas's CSS size when it resizes it
      }
      resize();
      new ResizeObserver(resize).observe(el);
      window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)')
        .addEventListener('change', resize);
      if (mod._quartier_a11y) widget.mirror = mirror(el, mod);
      quartier.widgets.push(widget);
      el.dispatchEvent(new CustomEvent('quartier:ready', { bubbles: true, detail: { widget: name } }));
    }).catch(function (err) {
      if (err === refused) return;
      console.error('quartier:', err);
      showProblem(el, lang);
    });
  }

  function mountAll() {
    document.querySelectorAll('[data-quartier]').forEach(mount);
  }
  quartier.mount = mountAll;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
