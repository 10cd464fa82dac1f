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
  var factories = {};                                    // widget name -> Promise<factory>

  var quartier = (window.quartier = window.quartier || { widgets: [] });

  function factoryName(name) {
    return 'Quartier' + name.charAt(0).toUpperCase() + name.slice(1);
  }

  function loadFactory(name) {
    if (!factories[name]) {
      factories[name] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = base + 'widgets/quartier-' + name + '.js';
        s.async = true;
        s.onload = function () {
          var f = window[factoryName(name)];
          if (typeof f === 'function') resolve(f);
          else reject(new Error('widget "' + name + '" did not load'));
        };
        s.onerror = function () { reject(new Error('widget "' + name + '" could not be downloaded')); };
        document.head.appendChild(s);
      });
    }
    return factories[name];
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
      api: el.dataset.api || apiOrigin,
      lang: lang,
      accent: el.dataset.accent || getComputedStyle(el).getPropertyValue('--quartier-accent').trim() || '#1d4ed8',
      theme: el.dataset.theme || 'light',
      tenant: el.dataset.tenant || script.dataset.tenant || '',
      process: el.dataset.process || ''
    };
    if (el.dataset.center) config.center = el.dataset.center.split(',').map(Number);

    loadFactory(name).then(function (factory) {
      return factory({
        canvas: canvas,
        quartierElement: el,
        quartierConfig: config,
        locateFile: function (file) { return base + 'widgets/' + file; }
      });
    }).then(function (mod) {
      var widget = {
        name: name,
        element: el,
        /** The widget's view-model as plain JSON (what it shows, what is typed, errors). */
        state: function () { return JSON.parse(mod.UTF8ToString(mod._quartier_state())); },
        /** Named controls and where they are, in CSS pixels relative to the canvas. */
        controls: function () { return JSON.parse(mod.UTF8ToString(mod._quartier_controls())); }
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
