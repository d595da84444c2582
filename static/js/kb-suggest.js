/*
 * Suggestions while the citizen types a request (issue #4, point 2: deflection before the request is sent).
 * Reads the subject and text fields, POSTs them to /help/suggest/ after a pause in typing, and shows the
 * articles in the form's polite live region. The words go in the request body, never in the address: what a
 * citizen types may hold personal data, and addresses end up in access logs (SPEC AI6). The form works the
 * same without this script; nothing typed is lost, because the articles open in a new tab.
 */
(function () {
  "use strict";

  var region = document.getElementById("kb-suggestions");
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute("data-suggest-url");
  var form = region.closest("form");
  var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
  if (!token) {
    return;
  }
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
    var body = new URLSearchParams();
    body.append("q", text);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "text/html", "X-CSRFToken": token.value },
      body: body,
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
