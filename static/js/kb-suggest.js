/*
 * Suggestions while the citizen types a request (issue #4, point 2: deflection before the request is sent).
 * Reads the subject and text fields, asks /help/suggest/?q=… after a pause in typing, and shows the articles
 * in the form's polite live region. The form works the same without this script; nothing typed is lost,
 * because the articles open in a new tab.
 */
(function () {
  "use strict";

  var region = document.getElementById("kb-suggestions");
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute("data-suggest-url");
  var fields = [document.getElementById("id_subject"), document.getElementById("id_body")].filter(Boolean);
  var PAUSE_MS = 500;
  var timer = null;
  var lastQuery = "";
  var controller = null;

  function query() {
    return fields.map(function (field) { return field.value; }).join(" ").replace(/\s+/g, " ").trim().slice(0, 200);
  }

  function ask() {
    var text = query();
    if (text === lastQuery) {
      return;
    }
    lastQuery = text;
    if (controller) {
      controller.abort(); // only the newest answer matters
    }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(text), {
      credentials: "same-origin",
      headers: { "Accept": "text/html" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && text === lastQuery) {
          region.innerHTML = html;
        }
      })
      .catch(function () { /* offline or superseded: keep what is shown */ });
  }

  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, PAUSE_MS);
    });
  });
})();
