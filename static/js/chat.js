/*
 * The citizen's chat page: keyboard sending and keeping the newest message in view.
 * The socket itself is handled by ticket-live.js; this file only listens to its events.
 */
(function () {
  "use strict";

  function nearBottom() {
    var doc = document.documentElement;
    return window.innerHeight + window.scrollY >= doc.scrollHeight - 200;
  }

  function start() {
    var section = document.getElementById("ticket-live");
    var form = document.querySelector("form[data-live-form]");
    var textarea = form ? form.querySelector("textarea[name=body]") : null;

    if (textarea) {
      // Ctrl+Enter (⌘+Enter) sends; plain Enter keeps making new lines, as in any text field.
      textarea.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          if (typeof form.requestSubmit === "function") {
            form.requestSubmit();
          } else {
            form.submit();
          }
        }
      });
    }

    if (section) {
      var wasNearBottom = true;
      window.addEventListener("scroll", function () { wasNearBottom = nearBottom(); }, { passive: true });
      section.addEventListener("ticket-live:message", function (event) {
        var mine = event.detail.frame.author_kind === "citizen";
        // Follow the conversation only when the reader is already at its end: never pull them away.
        if (mine || wasNearBottom) {
          event.detail.element.scrollIntoView({ block: "nearest" });
          wasNearBottom = true;
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
