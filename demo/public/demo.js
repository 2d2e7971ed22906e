// The demo page's own script: starts Twofold in banner mode and shows what it collected.
(function () {
  'use strict';
  var lang = new URLSearchParams(location.search).get('lang') === 'nb' ? 'nb' : 'en';
  document.documentElement.lang = lang;
  var tf = Twofold.init({
    site: location.hostname,
    consent: 'banner',
    locale: lang,
    controller: { name: 'Twofold Demo AS', contact: 'privacy@demo.invalid', policyUrl: '/privacy.html' },
  });
  var $ = function (id) { return document.getElementById(id); };

  function show(state) {
    $('state').textContent = state;
    $('collect').disabled = state !== 'granted';
    $('receipt').textContent = tf.consent.receipt ? JSON.stringify(tf.consent.receipt, null, 2) : 'none';
  }

  function render(report) {
    var body = $('signals').tBodies[0];
    body.textContent = '';
    Object.keys(report.signals).forEach(function (id) {
      var result = report.signals[id];
      var meta = report.meta[id] || {};
      var row = body.insertRow();
      [id, meta.category, meta.personalData].forEach(function (text) { row.insertCell().textContent = text || ''; });
      var code = document.createElement('code');
      code.textContent = result.error ? 'error: ' + result.error : JSON.stringify(result.value);
      row.insertCell().appendChild(code);
      row.insertCell().textContent = result.durationMs.toFixed(1);
    });
    $('empty').hidden = true;
  }

  function collect() {
    tf.inspect().then(render, function (err) { $('empty').textContent = err.message; $('empty').hidden = false; });
  }

  tf.consent.onChange(function (state) {
    show(state);
    if (state === 'granted') collect();
    else { $('signals').tBodies[0].textContent = ''; $('empty').hidden = false; $('empty').textContent = 'Nothing collected.'; }
  });
  $('collect').addEventListener('click', collect);
  $('revoke').addEventListener('click', function () { tf.consent.revoke().then(function () { show(tf.consent.state); }); });
  show(tf.consent.state);
  if (tf.consent.state === 'granted') collect();
})();
