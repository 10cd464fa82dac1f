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
