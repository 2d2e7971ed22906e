// The demo home page's own script: starts Twofold in banner mode and shows what it collected.
// The site name and controller come from the site's /.well-known/twofold.json, so the banner here
// names the same site and controller as the banner on the sign-in pages.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: index.html loads this as a classic script, not a module, so it is not implied.
  'use strict';
  var lang = new URLSearchParams(location.search).get('lang') === 'nb' ? 'nb' : 'en';
  document.documentElement.lang = lang;
  var $ = (id) => document.getElementById(id);
  // Links to the sign-in pages keep the language, so their banner speaks it too.
  if (lang !== 'en') {
    Array.prototype.forEach.call(document.querySelectorAll('a[data-keep-lang]'), (a) => {
      var url = new URL(a.getAttribute('href'), location.href);
      url.searchParams.set('lang', lang);
      a.setAttribute('href', url.pathname + url.search);
    });
  }
  $('collect').disabled = true;
  $('revoke').disabled = true;

  function start(wellKnown) {
    var tf = Twofold.init({
      site: wellKnown.site,
      consent: 'banner',
      locale: lang,
      controller: wellKnown.controller,
    });

    function show(state) {
      $('state').textContent = state;
      $('collect').disabled = state !== 'granted';
      $('revoke').disabled = false;
      $('receipt').textContent = tf.consent.receipt ? JSON.stringify(tf.consent.receipt, null, 2) : 'none';
    }

    function render(report) {
      var body = $('signals').tBodies[0];
      body.textContent = '';
      Object.keys(report.signals).forEach((id) => {
        var result = report.signals[id];
        var meta = report.meta[id] || {};
        var row = body.insertRow();
        [id, meta.category, meta.personalData].forEach((text) => {
          row.insertCell().textContent = text || '';
        });
        var code = document.createElement('code');
        code.textContent = result.error ? `error: ${result.error}` : JSON.stringify(result.value);
        row.insertCell().appendChild(code);
        row.insertCell().textContent = result.durationMs.toFixed(1);
      });
      $('empty').hidden = true;
    }

    function collect() {
      tf.inspect().then(render, (err) => {
        $('empty').textContent = err.message;
        $('empty').hidden = false;
      });
    }

    tf.consent.onChange((state) => {
      show(state);
      if (state === 'granted') collect();
      else {
        $('signals').tBodies[0].textContent = '';
        $('empty').hidden = false;
        $('empty').textContent = 'Nothing collected.';
      }
    });
    $('collect').addEventListener('click', collect);
    $('revoke').addEventListener('click', () => {
      tf.consent.revoke().then(() => {
        show(tf.consent.state);
      });
    });
    show(tf.consent.state);
    if (tf.consent.state === 'granted') collect();
  }

  fetch('/.well-known/twofold.json', { cache: 'no-store' })
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    })
    .then((doc) => {
      if (typeof doc.site !== 'string' || !doc.controller) throw new Error('no site or controller in it');
      start(doc);
    })
    .catch((err) => {
      $('state').textContent = `unavailable: this site's /.well-known/twofold.json could not be read (${err.message})`;
    });
})();
