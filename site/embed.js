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

  // [Words] The loader's own few words, written in French (the source language) as
  // T(lang, …) with a French text and translated by the catalogs of po/ (scripts/i18n/extract
  // lists them).
  // The build (scripts/web-assets.cjs) numbers them, T(lang, 0)…, and writes WORDS: each
  // language's texts in that order, French's too; a language without a catalog reads
  // English, as the widgets do. Unbuilt, WORDS is empty and the French is shown. "{0}",
  // "{1}" are values put in after translation.
  var WORDS = {};
  function T(lang, id) {
    var l = String(lang).slice(0, 2).toLowerCase();
    var words = WORDS[l] || (l === 'fr' ? null : WORDS.en);
    var text = (words && words[id]) || (WORDS.fr ? WORDS.fr[id] : id);
    var values = [].slice.call(arguments, 2);
    return text.replace(/\{(\d)\}/g, function (all, i) { return values[i] === undefined ? all : values[i]; });
  }

  // [Loading] Two WebAssembly modules hold the widgets (widgets/CMakeLists.txt): residents'
  // (quartier-widgets) and staff's (quartier-staff: the console and moderation), so that a
  // resident's page never downloads the console. The page downloads a module's script and
  // its .wasm once, side by side, compiles the .wasm once, and gives each widget element an
  // instance of its own (own memory, canvas and listeners).
  var STAFF = { console: true, moderation: true };
  var modules = {
    residents: { js: 'widgets/quartier-widgets.js', wasm: 'widgets/quartier-widgets.wasm', factory: 'QuartierWidgets' },
    staff: { js: 'widgets/quartier-staff.js', wasm: 'widgets/quartier-staff.wasm', factory: 'QuartierStaff' }
  };
  var runtimes = {}; // module name -> Promise<{ factory, wasm: WebAssembly.Module }>
  function loadRuntime(widget) {
    var which = STAFF[widget] ? 'staff' : 'residents';
    if (runtimes[which]) return runtimes[which];
    var m = modules[which];
    var factory = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = base + m.js;
      s.async = true;
      s.onload = function () {
        if (typeof window[m.factory] === 'function') resolve(window[m.factory]);
        else reject(new Error('the widgets did not load'));
      };
      s.onerror = function () { reject(new Error('the widgets could not be downloaded')); };
      document.head.appendChild(s);
    });
    var wasm = fetch(base + m.wasm, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('the widgets could not be downloaded (HTTP ' + r.status + ')');
      // Streaming needs the application/wasm type; a server without it still gets compiled.
      var copy = r.clone();
      return (WebAssembly.compileStreaming ? WebAssembly.compileStreaming(r) : Promise.reject())
        .catch(function () { return copy.arrayBuffer().then(function (b) { return WebAssembly.compile(b); }); });
    });
    runtimes[which] = Promise.all([factory, wasm]).then(function (both) { return { factory: both[0], wasm: both[1] }; });
    return runtimes[which];
  }

  function showProblem(el, lang) {
    var p = document.createElement('p');
    p.className = 'quartier-problem';
    p.setAttribute('role', 'alert');
    p.textContent = T(lang, 'Ce module n’a pas pu se charger. Rechargez la page ou réessayez plus tard.');
    el.appendChild(p);
  }

  // [Origin] A browser never tells a page why a cross-origin request failed. Before loading
  // widgets from another origin, the loader asks the server's embed check (answered to every
  // site, once per server and commune): a site off the commune's allow-list, an unknown
  // commune and a server that does not answer each get their own words in the widget, with
  // a link to the commune's plain pages when there is one. A page that names no commune
  // (no data-tenant) learns from the same answer which one the server serves by default, so
  // that every widget talks to a commune by its name.
  var checks = {};
  function checkOrigin(api, tenant) {
    if (api === window.location.origin && tenant) return Promise.resolve({ allowed: true, tenant: tenant });
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
    var l = String(lang).slice(0, 2).toLowerCase();
    var box = document.createElement('div');
    box.className = 'quartier-problem quartier-refused';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'padding:24px;margin:0;font:inherit;line-height:1.5;color:#1f2933;' +
      'border-left:6px solid #b31c1c;background:#fff;';
    // The server's own words (by language), else the loader's.
    var said = check.messages || {};
    var text = said[l] || (l !== 'fr' && said.en) || said.fr ||
      T(lang, 'Le serveur de participation ne répond pas : ce module ne peut pas s’afficher. Réessayez plus tard.');
    var p = document.createElement('p');
    p.style.margin = '0';
    p.textContent = text;
    box.appendChild(p);
    if (check.plain_url) {
      var more = document.createElement('p');
      more.style.margin = '12px 0 0';
      var a = document.createElement('a');
      a.href = api + check.plain_url + (l === 'fr' ? '' : '?lang=' + encodeURIComponent(l));
      // {0}: "de" and the name as French writes it ("d’Angers", check.of_name); {1}: the name.
      a.textContent = T(lang, 'Participer sur le site {0} (version simple)', check.of_name || 'de ' + check.name, check.name);
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

  // [Focus] The canvas never keeps Tab: Tab and Shift+Tab go on to the page's next or previous
  // control (GLFW would cancel them, and ImGui cycle inside the widget: a keyboard trap,
  // RGAA 12.9). This listener runs before GLFW's, which never hears Tab. While the canvas
  // has keyboard focus (it takes the map's arrows) a ring in the accent shows it.
  function leaveByTab(canvas, accent) {
    function ring(on) {
      canvas.style.outline = on ? '3px solid ' + accent : 'none';
      canvas.style.outlineOffset = '-3px';
    }
    ring(false);
    canvas.addEventListener('keydown', function (e) {
      if (e.key === 'Tab') { e.stopImmediatePropagation(); return; }
      ring(true);
    }, true);
    canvas.addEventListener('focus', function () { ring(canvas.matches(':focus-visible')); });
    canvas.addEventListener('blur', function () { ring(false); });
  }

  // [Touch] Emscripten's GLFW sees one pointer and, for touches, not even where it is. The
  // element's own listeners (capture, before the canvas's) take every touch and give the
  // widget all fingers in CSS pixels. The map (pansItself) keeps every gesture: the page
  // does not scroll under it. Over the other widgets a finger scrolls the page, as over any
  // text, unless what is under it can itself scroll that way (a long list inside the
  // widget): the first move decides. Taps work everywhere.
  function forwardTouches(el, canvas, getModule, pansItself) {
    canvas.style.touchAction = pansItself ? 'none' : 'pan-y pinch-zoom';
    var mine = pansItself;     // this gesture belongs to the widget
    var decided = pansItself;
    var startX = 0, startY = 0;
    function send(e) {
      if (e.target !== canvas) return;
      e.stopPropagation();     // GLFW's own touch listeners would make a second mouse of it
      var mod = getModule();
      var r = canvas.getBoundingClientRect();
      var t = e.touches, n = t.length;
      if (e.type === 'touchcancel') {  // the browser took the gesture: no tap
        if (mod) mod._quartier_touch(-1, 0, 0, 0, 0);
        return;
      }
      if (!pansItself) {
        if (e.type === 'touchstart' && n === 1) {
          mine = false;
          decided = false;
          startX = t[0].clientX;
          startY = t[0].clientY;
        }
        if (n > 1 && e.type !== 'touchend') {             // two fingers zoom the page
          if (mod && !(decided && !mine)) mod._quartier_touch(-1, 0, 0, 0, 0);
          mine = false;
          decided = true;
          return;
        }
        if (e.type === 'touchmove' && !decided && n === 1) {
          var dx = t[0].clientX - startX, dy = t[0].clientY - startY;
          if (Math.abs(dx) > 10 || Math.abs(dy) > 10) {
            decided = true;
            mine = Math.abs(dy) <= Math.abs(dx) ||
              !!(mod && mod._quartier_can_scroll(t[0].clientX - r.left, t[0].clientY - r.top, dy));
            if (!mine) {                                   // a scroll of the page, not a press
              if (mod) mod._quartier_touch(-1, 0, 0, 0, 0);
              return;
            }
          }
        }
        if (decided && !mine) return;                       // the browser scrolls the page
        // Not yet decided: small moves reach the widget, the page may still scroll.
        if (e.cancelable && (mine || e.type === 'touchend')) e.preventDefault(); // no mouse events after a tap
      } else {
        e.preventDefault();
      }
      if (!mod) return;
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
  // -1 Shift+Tab, 2 Enter, 3 Escape).
  // Tab and Shift+Tab hand over to the next field, which the widget opens at its next frame:
  // what is typed in between (a quick typist, a test) is held and given to that field, not
  // lost on the canvas, where the widget had no field open to receive it.
  function textOverlay(el, canvas, getModule, theme) {
    var field = null;
    var closing = false;
    var handover = null; // { text, until }: keys typed after Tab, before the next field opened
    canvas.addEventListener('keydown', function (e) {
      if (!handover) return;
      if (performance.now() > handover.until) { handover = null; return; }
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      handover.text += e.key;
    }, true);
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
      if (how === 1 || how === -1) handover = { text: '', until: performance.now() + 500 };
      if (mod) mod.ccall('quartier_text_closed', null, ['number'], [how]);
      f.remove();
      if (how !== 0) canvas.focus({ preventScroll: true });
      closing = false;
    }
    return {
      open: function (x, y, w, h, value, multiline, numeric, label, fontPx, code, secret) {
        finish(0);
        var held = handover ? handover.text : '';
        handover = null;
        var f = document.createElement(multiline ? 'textarea' : 'input');
        if (!multiline) f.type = secret ? 'password' : 'text';
        f.className = 'quartier-text';
        f.value = value + held;
        f.setAttribute('aria-label', label);
        if (numeric) f.inputMode = 'numeric';
        f.autocomplete = secret ? 'current-password' : 'off';
        if (code) {  // a voter code: capitals, nothing corrected
          f.autocapitalize = 'characters';
          f.spellcheck = false;
          f.setAttribute('autocorrect', 'off');
          f.style.textTransform = 'uppercase';
        }
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
          else if (e.key === 'Escape') { e.preventDefault(); finish(3); }
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
        if (held) {
          var m = getModule();
          if (m) m.ccall('quartier_text_input', null, ['string'], [f.value]);
        }
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
  // itself (quartier_a11y: a tree of headings, lists, tables, buttons, inputs and live regions)
  // gets an off-screen DOM copy of that tree; its buttons and inputs run the widget's own
  // commands (quartier_command). When keyboard focus enters the copy it is shown over the
  // canvas, so that sighted keyboard users see where they are.
  var HIDDEN = { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap', inset: 'auto', padding: '0', background: 'transparent', zIndex: 'auto' };
  var SHOWN = { position: 'absolute', width: 'auto', height: 'auto', overflow: 'auto', clip: 'auto',
    whiteSpace: 'normal', inset: '0', padding: '16px 20px', background: '#fff', zIndex: '2' };
  function setStyle(node, style) { Object.keys(style).forEach(function (k) { node.style[k] = style[k]; }); }

  var errorIds = 0;
  function mirror(el, mod, canvas) {
    // The mirror is the widget for the keyboard and assistive technologies: the canvas
    // leaves the tab order (a click still focuses it) and the accessibility tree, where it
    // was an empty "application".
    canvas.tabIndex = -1;
    canvas.removeAttribute('role');
    canvas.removeAttribute('aria-label');
    canvas.setAttribute('aria-hidden', 'true');
    var root = document.createElement('div');
    root.className = 'quartier-mirror';
    // RGAA 8.7: a widget in another language than its page says so to screen readers.
    if (el.dataset.lang) root.setAttribute('lang', el.dataset.lang);
    setStyle(root, HIDDEN);
    root.style.color = '#1f2933';
    root.style.font = 'inherit';
    el.insertBefore(root, el.firstChild);
    root.addEventListener('focusin', function () { setStyle(root, SHOWN); });
    root.addEventListener('focusout', function (e) { if (!root.contains(e.relatedTarget)) setStyle(root, HIDDEN); });

    function command(id, value) {
      mod.ccall('quartier_command', 'number', ['string', 'string'], [id, JSON.stringify(value === undefined ? null : value)]);
      update(true);
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
        if (node.progress) { // long work: "n of N" as a progress bar too
          var bar = document.createElement('progress');
          bar.max = node.progress.max || 1;
          bar.value = node.progress.value || 0;
          bar.setAttribute('aria-label', node.text || '');
          n.appendChild(bar);
        }
      } else if (role === 'link') {
        // A way out of the widget (its plain page): only to the web, never a script.
        n = document.createElement('a');
        n.textContent = node.text || '';
        if (/^https?:\/\//.test(node.href || '') || /^\/[^\/]/.test(node.href || '')) n.href = node.href;
      } else if (role === 'group') {
        // A row of related buttons (a ballot's category chips), named as one.
        n = document.createElement('div');
        n.setAttribute('role', 'group');
        if (node.label) n.setAttribute('aria-label', node.label);
      } else if (role === 'list') {
        n = document.createElement('ul');
        if (node.label) n.setAttribute('aria-label', node.label);
      } else if (role === 'listitem') {
        n = document.createElement('li');
        var t = document.createElement('span');
        t.textContent = (node.text || '') + ' ';
        n.appendChild(t);
      } else if (role === 'table') {
        // {label, columns: [...], rows: [[...]]}: a data table (a chart's figures).
        n = document.createElement('table');
        var caption = document.createElement('caption');
        caption.textContent = node.label || '';
        n.appendChild(caption);
        var head = document.createElement('tr');
        (node.columns || []).forEach(function (c) {
          var th = document.createElement('th');
          th.scope = 'col';
          th.textContent = c;
          head.appendChild(th);
        });
        var thead = document.createElement('thead');
        thead.appendChild(head);
        n.appendChild(thead);
        var tbody = document.createElement('tbody');
        (node.rows || []).forEach(function (r) {
          var tr = document.createElement('tr');
          r.forEach(function (cell, i) {
            var td = document.createElement(i === 0 ? 'th' : 'td');
            if (i === 0) td.scope = 'row';
            td.textContent = cell;
            tr.appendChild(td);
          });
          tbody.appendChild(tr);
        });
        n.appendChild(tbody);
      } else if (role === 'button') {
        n = document.createElement('button');
        n.type = 'button';
        n.textContent = node.label || '';
        // aria-disabled rather than disabled: a button that becomes unavailable under the
        // keyboard (just pressed) keeps focus, and is still read.
        if (node.disabled) n.setAttribute('aria-disabled', 'true');
        if (node.pressed !== undefined) n.setAttribute('aria-pressed', node.pressed ? 'true' : 'false');
        if (node.expanded !== undefined) n.setAttribute('aria-expanded', node.expanded ? 'true' : 'false');
        n.style.minHeight = '44px';
        n.style.margin = '4px 8px 4px 0';
        n.style.font = 'inherit';
        n.addEventListener('click', function () { if (n.getAttribute('aria-disabled') !== 'true') command(node.id); });
      } else if (role === 'input' || role === 'select') {
        // A labelled field: one line, several lines (multiline), digits (numeric) or a
        // drop-down list (select, whose options are {value, label}). Its error, when it has
        // one, is said with it (aria-describedby) and marks it invalid.
        n = document.createElement('label');
        n.style.display = 'block';
        n.style.margin = '8px 0';
        var caption = document.createElement('span');
        caption.style.display = 'block';
        caption.textContent = node.label || '';
        n.appendChild(caption);
        var input;
        if (role === 'select') {
          input = document.createElement('select');
          (node.options || []).forEach(function (o) {
            var opt = document.createElement('option');
            opt.value = o.value;
            opt.textContent = o.label;
            input.appendChild(opt);
          });
          input.value = node.value || '';
          input.addEventListener('change', function () { command(node.id, input.value); });
        } else {
          input = document.createElement(node.multiline ? 'textarea' : 'input');
          if (!node.multiline) input.type = node.secret ? 'password' : 'text'; // secret: a password
          if (node.numeric) input.inputMode = 'decimal';
          if (node.multiline) input.rows = 4;
          input.value = node.value || '';
          input.autocomplete = node.autocomplete || (node.secret ? 'current-password' : 'off');
          input.addEventListener('input', function () { command(node.id, input.value); });
          // Enter in a one-line field does what its form's button does (submit: its id).
          if (node.submit && !node.multiline) {
            input.addEventListener('keydown', function (e) {
              if (e.key === 'Enter') { e.preventDefault(); command(node.submit); }
            });
          }
        }
        if (node.required) input.required = true;
        input.dataset.key = key;
        input.style.minHeight = '44px';
        input.style.maxWidth = '100%';
        input.style.font = 'inherit';
        n.appendChild(input);
        if (node.error) {
          var err = document.createElement('span');
          err.id = 'quartier-err-' + (++errorIds);
          err.style.display = 'block';
          err.style.color = '#b31c1c';
          err.textContent = node.error;
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', err.id);
          n.appendChild(err);
        }
      } else {
        n = document.createElement('p');
        n.textContent = node.text || '';
      }
      if (node.id && role !== 'input' && role !== 'select') n.dataset.key = key;
      if (node.focus) n.dataset.focus = '1'; // where focus goes when its control went away
      if (node.take_focus) n.dataset.takeFocus = '1'; // where focus goes when it appears or changes
      // Focusable from the script, out of the tab order, in the copy itself: the next
      // update keeps the attribute (a focused heading that lost it would drop focus).
      if ((node.focus || node.take_focus || role === 'heading') && !/^(button|link|input|select)$/.test(role)) n.tabIndex = -1;
      (node.children || []).forEach(function (child, i) {
        n.appendChild(build(child, child.id || key + '.' + i));
      });
      return n;
    }
    // Brings the DOM in line with a freshly built copy without replacing what did not
    // change: a live region stays the same element (screen readers announce its new text),
    // and the focused control stays put (typing, the caret and a list's type-ahead go on).
    function morph(old, now) {
      if (old.nodeType !== now.nodeType || old.nodeName !== now.nodeName ||
          (old.nodeType === 1 && old.dataset.key !== now.dataset.key)) {
        old.replaceWith(now);
        return;
      }
      if (old.nodeType === 3) {
        if (old.nodeValue !== now.nodeValue) old.nodeValue = now.nodeValue;
        return;
      }
      for (var i = old.attributes.length - 1; i >= 0; i--) {
        var name = old.attributes[i].name;
        if (!now.hasAttribute(name)) old.removeAttribute(name);
      }
      for (var j = 0; j < now.attributes.length; j++) {
        var at = now.attributes[j];
        if (old.getAttribute(at.name) === at.value) continue;
        // A style through the CSSOM: a page whose Content-Security-Policy has no
        // 'unsafe-inline' for styles refuses setAttribute('style') (the console's own page).
        if (at.name === 'style') old.style.cssText = now.style.cssText;
        else old.setAttribute(at.name, at.value);
      }
      var oldKids = Array.prototype.slice.call(old.childNodes), newKids = Array.prototype.slice.call(now.childNodes);
      for (var k = 0; k < newKids.length; k++) {
        if (k < oldKids.length) morph(oldKids[k], newKids[k]);
        else old.appendChild(newKids[k]);
      }
      for (var m = newKids.length; m < oldKids.length; m++) oldKids[m].remove();
      if ('value' in now && (now.tagName === 'INPUT' || now.tagName === 'TEXTAREA' || now.tagName === 'SELECT') &&
          old.value !== now.value) old.value = now.value;
    }
    // While the copy is shown, its status and alert stay at the top of its box, whatever
    // the keyboard scrolls to, and a focused control scrolls in below them, ring included.
    function pinMessages() {
      var top = 0;
      root.querySelectorAll('[role=status],[role=alert]').forEach(function (m) {
        m.style.position = 'sticky';
        m.style.top = top + 'px';
        m.style.zIndex = '1';
        m.style.background = '#fff';
        top += m.offsetHeight;
      });
      root.style.scrollPaddingTop = (top + 8) + 'px';
      root.style.scrollPaddingBottom = '8px';
    }
    root.addEventListener('focusin', pinMessages);

    var last = '';
    var hadFocus = false; // focus was in the copy at the last update
    var taken = '';       // the text of the take_focus node focus last went to
    function update(fromCommand) {
      var json = mod.UTF8ToString(mod._quartier_a11y());
      if (json === last) return;
      last = json;
      var active = document.activeElement;
      // Focus that fell to the page's body in between (its control went away while the
      // widget waited for the server) still belongs to the copy.
      var lost = !active || active === document.body;
      var inside = (active && root.contains(active)) || (hadFocus && lost);
      var tree = JSON.parse(json);
      var fresh = tree ? build(tree, 'root') : document.createElement('div');
      if (root.firstChild) morph(root.firstChild, fresh); else root.appendChild(fresh);
      pinMessages();
      // The focused control is gone (a new screen): focus where the widget says, else the
      // new screen's heading, so that the keyboard stays in the widget and a screen reader
      // announces where it is.
      var target = null;
      var take = root.querySelector('[data-take-focus]');
      if (fromCommand && take && take.textContent !== taken) target = take;
      else if (inside && !root.contains(document.activeElement)) {
        target = root.querySelector('[data-focus]') || root.querySelector('h3') || root.querySelector('h2');
      }
      taken = take ? take.textContent : '';
      if (target) {
        if (!target.dataset.key && !target.hasAttribute('tabindex')) target.tabIndex = -1;
        target.focus();
      }
      // Focus still on the page's body after an in-between tree with nowhere to land (the
      // widget waits for the server) keeps belonging to the copy until the next screen.
      var after = document.activeElement;
      hadFocus = !!(after && root.contains(after)) || (inside && (!after || after === document.body));
    }
    update();
    // What the widget shows changes only in a frame it draws (an input, a server's answer, its
    // one-a-second clock): the tree is read again only after one was drawn.
    var seenFrame = -1;
    setInterval(function () {
      var frame = mod._quartier_frame_count ? mod._quartier_frame_count() : -2;
      if (frame === seenFrame && frame !== -2) return;
      seenFrame = frame;
      update(false);
    }, 250);
    return { update: update, command: command, root: root };
  }

  // [Prefetch] The map's points (GET .../map-points, its largest answer) are asked as soon as
  // the page names a map, while the module downloads and compiles, instead of after it
  // started: the widget's own request for that URL takes this answer (platform_web.cpp,
  // HttpFetch), once; anything else, or a prefetch that failed, goes to the network as usual.
  var prefetched = {}; // URL -> Promise<{ status, body: Uint8Array }>
  function prefetchMapPoints(config, lang) {
    var url = config.api + '/api/v1/tenants/' + config.tenant + '/map-points';
    if (prefetched[url]) return;
    prefetched[url] = fetch(url, { headers: { 'Accept': 'application/json', 'Accept-Language': lang } })
      .then(function (r) {
        return r.arrayBuffer().then(function (b) { return { status: r.status, body: new Uint8Array(b) }; });
      });
    prefetched[url].catch(function () {}); // taken by the widget, which asks again on failure
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
    canvas.setAttribute('aria-label', T(lang, 'Module Quartier : {0}', name));
    function fitCanvas() {
      canvas.style.display = 'block';
      canvas.style.width = '100%';
      canvas.style.height = '100%';
      canvas.style.position = 'absolute';
      canvas.style.inset = '0';
    }
    fitCanvas();
    canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    var accent = el.dataset.accent || getComputedStyle(el).getPropertyValue('--quartier-accent').trim() || '#1d4ed8';
    leaveByTab(canvas, accent);
    el.appendChild(canvas);

    var config = {
      widget: name,
      api: el.dataset.api || apiOrigin,
      lang: lang,
      accent: accent,
      theme: el.dataset.theme || 'light',
      tenant: el.dataset.tenant || script.dataset.tenant || '',
      process: el.dataset.process || '',
      token: el.dataset.token || '',
      // Raster tiles only from a server the municipality names; never a public one by default.
      tiles: el.dataset.tiles || '',
      tiles_attribution: el.dataset.tilesAttribution || '',
      // The console's preview of a ballot (data-preview): shown as residents will see it, never sent.
      preview: el.dataset.preview === 'true'
    };
    if (el.dataset.center) config.center = el.dataset.center.split(',').map(Number);

    // The words of the widget's language (po/ on the server), fetched while the module loads;
    // French, the widgets' own, needs none. Without it the widget still works, in French.
    var catalog = /^fr/i.test(lang) || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$/.test(lang) ? Promise.resolve(null)
      : fetch(config.api + '/api/v1/catalogs/' + lang + '.mo').then(function (r) {
        return r.ok ? r.arrayBuffer() : null;
      }).catch(function () { return null; });

    var running = null;
    function getModule() { return running; }
    forwardTouches(el, canvas, getModule, name === 'map');
    var restoreKeys = function () {};
    var refused = {};
    checkOrigin(config.api, config.tenant).then(function (check) {
      if (check.allowed) {
        config.tenant = config.tenant || check.tenant || '';
        if (name === 'map' && config.tenant) prefetchMapPoints(config, lang);
        return Promise.all([loadRuntime(name), catalog]).then(function (both) {
          return { factory: both[0].factory, wasm: both[0].wasm, catalog: both[1] };
        });
      }
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
          quartierCatalog: rt.catalog ? new Uint8Array(rt.catalog) : null,
          quartierPrefetch: prefetched,
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
      // The backing store is the canvas's own CSS box (inside the element's border) times
      // the pixel ratio, fractions included, so that nothing is resampled or stretched.
      function resize() {
        fitCanvas(); // Emscripten clears the canvas's CSS size when it resizes it
        var r = canvas.getBoundingClientRect();
        mod._quartier_resize(r.width, r.height, window.devicePixelRatio || 1);
        fitCanvas();
      }
      resize();
      new ResizeObserver(resize).observe(el);
      // A media query matches one ratio: after a change (zoom, another screen), watch the new one.
      (function watchRatio() {
        window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)')
          .addEventListener('change', function () { resize(); watchRatio(); }, { once: true });
      })();
      if (mod._quartier_a11y) widget.mirror = mirror(el, mod, canvas);
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
