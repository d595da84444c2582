/*
 * Desk SLA helpers (issue #3, OP2). Everything here improves a page that already works without it:
 * - SLA timers (.sla-timer[data-deadline]) count down every second; the server-rendered text stays the
 *   fallback. The ticking digits are aria-live="off": a screen reader hears them only when it reads them.
 * - Saved replies: «Вставить» puts the text at the cursor in the answer field (no page reload); the
 *   select form keeps working for the no-script case and is enhanced to insert in place too.
 * - «/» moves focus to the queue search (not while typing in a field).
 * - Request page, status control ([data-status-shortcuts]): Alt+Shift+digit chooses the status that carries
 *   that digit (data-status-key: the same digit for a status on every request) and moves focus to it; Enter
 *   or «Изменить статус» applies it. The shortcuts are announced (aria-keyshortcuts, the hint, a polite
 *   status line); without this script the radio group works by Tab, arrows and the button.
 * - Supervisors: {"type": "sla.alert"} frames from the desk socket (relayed by desk-live.js as
 *   "desk:frame" events) are appended to the aria-live list #sla-alerts.
 */
(function () {
  "use strict";

  // --- timers ---------------------------------------------------------------------------------------
  function pad(value) {
    return value < 10 ? "0" + value : String(value);
  }

  function clockText(seconds) {
    var total = Math.abs(seconds);
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var rest = total % 60;
    return hours ? hours + ":" + pad(minutes) + ":" + pad(rest) : minutes + ":" + pad(rest);
  }

  function tick() {
    var now = Date.now();
    var timers = document.querySelectorAll(".sla-timer[data-deadline]");
    for (var i = 0; i < timers.length; i += 1) {
      var timer = timers[i];
      if (timer.hasAttribute("data-paused")) {
        continue; // frozen while the request waits for the citizen
      }
      var deadline = Date.parse(timer.getAttribute("data-deadline"));
      var clock = timer.querySelector(".sla-clock");
      var label = timer.querySelector(".sla-label");
      if (isNaN(deadline) || !clock || !label) {
        continue;
      }
      var seconds = Math.round((deadline - now) / 1000);
      var late = seconds < 0;
      clock.textContent = clockText(seconds);
      var words = label.getAttribute(late ? "data-late" : "data-left");
      if (words && label.textContent !== words) {
        label.textContent = words; // words, not only colour, say that the deadline has passed
      }
      timer.classList.toggle("sla-late", late);
    }
  }

  if (document.querySelector(".sla-timer[data-deadline]") || document.getElementById("queue-sections")) {
    tick();
    window.setInterval(tick, 1000); // queue refreshes replace the rows: each tick looks them up again
  }

  // --- saved replies --------------------------------------------------------------------------------
  var dataNode = document.getElementById("saved-replies-data");
  var answer = document.getElementById("id_body");
  var status = document.getElementById("saved-reply-status");
  var replies = {};
  if (dataNode) {
    try {
      replies = JSON.parse(dataNode.textContent) || {};
    } catch (error) {
      replies = {};
    }
  }

  function insert(id) {
    var text = replies[String(id)];
    if (!answer || typeof text !== "string") {
      return false;
    }
    var start = answer.selectionStart || 0;
    var end = answer.selectionEnd || 0;
    var before = answer.value.slice(0, start);
    var after = answer.value.slice(end);
    var glue = before && !/\s$/.test(before) ? "\n" : "";
    answer.value = before + glue + text + after;
    var caret = (before + glue + text).length;
    answer.focus();
    answer.setSelectionRange(caret, caret);
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = status.getAttribute("data-inserted") || ""; }, 50);
    }
    return true;
  }

  if (dataNode && answer) {
    // saved replies and the assist's article answers: inserted at the cursor, the page stays
    var lists = document.querySelectorAll("[data-saved-replies-enhanced]");
    for (var i = 0; i < lists.length; i += 1) {
      lists[i].hidden = false;
      lists[i].addEventListener("click", function (event) {
        var button = event.target.closest("[data-saved-reply]");
        if (button && insert(button.getAttribute("data-saved-reply"))) {
          event.preventDefault(); // an article's «Вставить ответ» is also a no-script form button
        }
      });
    }
    var form = document.querySelector("[data-saved-reply-form]");
    if (form) {
      form.addEventListener("submit", function (event) {
        var select = form.querySelector("select");
        if (select && insert(select.value)) {
          event.preventDefault(); // inserted in place: the typed answer stays
        }
      });
    }
  }

  // --- keyboard: «/» to search ----------------------------------------------------------------------
  var search = document.getElementById("id_q");
  if (search) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    });
  }

  // --- keyboard: the request's status ---------------------------------------------------------------
  var statusForm = document.querySelector("[data-status-shortcuts]");
  if (statusForm) {
    var statusHint = document.getElementById("status-shortcuts-hint");
    var statusSaid = document.getElementById("status-shortcut-status");
    var byDigit = {};
    var choices = statusForm.querySelectorAll("input[type=radio][data-status-key]");
    for (var c = 0; c < choices.length; c += 1) {
      var radio = choices[c];
      var digit = radio.getAttribute("data-status-key");
      if (!/^[1-9]$/.test(digit)) {
        continue;
      }
      byDigit[digit] = radio;
      radio.setAttribute("aria-keyshortcuts", "Alt+Shift+" + digit);
      if (statusHint) {
        radio.setAttribute("aria-describedby", statusHint.id);
      }
      var key = document.createElement("kbd");
      key.className = "status-key";
      key.textContent = "Alt+Shift+" + digit;
      key.setAttribute("aria-hidden", "true"); // aria-keyshortcuts says it once
      radio.parentNode.appendChild(document.createTextNode(" "));
      radio.parentNode.appendChild(key);
    }
    if (statusHint) {
      statusHint.hidden = false;
    }
    document.addEventListener("keydown", function (event) {
      // event.code, not event.key: Shift+1 is «!» and the layout (ru or en) must not matter
      var match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code || "");
      if (!match || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var chosen = byDigit[match[1]];
      if (!chosen) {
        return;
      }
      event.preventDefault();
      chosen.checked = true;
      chosen.focus();
      if (statusSaid) {
        var label = chosen.parentNode.querySelector(".status-choice-label");
        var words = (statusSaid.getAttribute("data-chosen") || "").replace("%(status)s", label ? label.textContent : "");
        statusSaid.textContent = "";
        window.setTimeout(function () { statusSaid.textContent = words; }, 50);
      }
    });
    statusForm.addEventListener("keydown", function (event) {
      // Enter on a chosen status applies it, as on a text field (browsers differ for radio buttons)
      if (event.key === "Enter" && event.target.type === "radio" && event.target.checked) {
        event.preventDefault();
        if (typeof statusForm.requestSubmit === "function") {
          statusForm.requestSubmit();
        } else {
          statusForm.submit();
        }
      }
    });
  }

  // --- supervisors: live SLA alerts -----------------------------------------------------------------
  var alerts = document.getElementById("sla-alerts");
  if (!alerts) {
    return;
  }
  var MAX_ALERTS = 50;
  var empty = document.getElementById("sla-alerts-empty");

  function numbers(items, withAssignee) {
    return (items || []).map(function (item) {
      return withAssignee && item.assignee ? item.number + " → " + item.assignee : item.number;
    });
  }

  function line(key, items, total, withAssignee) {
    if (!items || !items.length) {
      return null;
    }
    var text = alerts.getAttribute("data-text-" + key) + ": " + numbers(items, withAssignee).join(", ");
    if (total > items.length) {
      text += " " + alerts.getAttribute("data-text-more") + " " + (total - items.length);
    }
    return text;
  }

  document.addEventListener("desk:frame", function (event) {
    var frame = event.detail;
    if (!frame || frame.type !== "sla.alert") {
      return;
    }
    var counts = frame.counts || {};
    var lines = [
      line("breached", frame.breached, counts.breached, false),
      line("hard-cap", frame.hard_cap, counts.hard_cap, false),
      line("escalated", frame.escalated, counts.escalated, true),
      line("not-escalated", frame.not_escalated, counts.not_escalated, false),
      line("at-risk", frame.at_risk, counts.at_risk, false),
    ].filter(Boolean);
    if (!lines.length) {
      return;
    }
    var item = document.createElement("li");
    var time = document.createElement("time");
    var at = frame.at ? new Date(frame.at) : new Date();
    time.setAttribute("datetime", at.toISOString());
    time.textContent = at.toLocaleTimeString("ru-RU");
    item.appendChild(time);
    item.appendChild(document.createTextNode(" " + lines.join(". ") + "."));
    alerts.insertBefore(item, alerts.firstChild);
    while (alerts.children.length > MAX_ALERTS) {
      alerts.removeChild(alerts.lastChild);
    }
    if (empty) {
      empty.hidden = true;
    }
  });
})();
