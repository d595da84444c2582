/*
 * Live operator queue (OP2). Listens on /ws/desk/ for {"type": "queue.changed", "ticket_id": N} and
 * {"type": "ticket.assigned", "ticket_id": N, "number": "SD-…"} (routing gave me a request: announced with a
 * link in #desk-assigned), {"type": "call.screen_pop", …} (a call at my extension: #desk-call) and re-fetches the queue tables (the server returns only the fragment for HX-Request). Polls every 30 s
 * as a fallback when the socket is down or an event was missed. The page works without this script.
 * Auto-update can be switched off (WCAG 2.2.2); focus inside the tables survives a refresh.
 */
(function () {
  "use strict";

  var container = document.getElementById("queue-sections");
  if (!container || !window.fetch) {
    return;
  }
  var toggle = document.getElementById("queue-live-toggle");
  var status = document.getElementById("queue-live-status");
  var fragmentUrl = container.getAttribute("data-fragment-url") || window.location.pathname + window.location.search;
  var wsPath = container.getAttribute("data-ws-path") || "/ws/desk/";
  var updatedText = container.getAttribute("data-updated-text") || "";
  var POLL_MS = 30000;
  var DEBOUNCE_MS = 400;
  var STORAGE_KEY = "supportdesk.desk.liveQueue";

  var socket = null;
  var reconnectDelay = 1000;
  var debounceTimer = null;
  var inFlight = false;
  var pending = false;
  var lastRefresh = Date.now();
  var lastHtml = container.innerHTML.trim();

  function enabled() {
    return !toggle || toggle.checked;
  }

  function announce(text) {
    if (!status || !text) {
      return;
    }
    status.textContent = "";
    // a fresh text node makes screen readers announce the same words again
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function focusKey(element) {
    if (!element || !container.contains(element)) {
      return null;
    }
    if (element.id) {
      return "#" + CSS.escape(element.id);
    }
    if (element.getAttribute("href")) {
      return 'a[href="' + CSS.escape(element.getAttribute("href")) + '"]';
    }
    if (element.getAttribute("aria-labelledby")) {
      return '[aria-labelledby="' + CSS.escape(element.getAttribute("aria-labelledby")) + '"]';
    }
    return null;
  }

  function swap(html) {
    var key = focusKey(document.activeElement);
    container.innerHTML = html;
    lastHtml = container.innerHTML.trim();
    if (key) {
      var again = container.querySelector(key);
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
    announce(updatedText);
  }

  function refresh() {
    if (!enabled()) {
      return;
    }
    if (inFlight) {
      pending = true;
      return;
    }
    inFlight = true;
    lastRefresh = Date.now();
    fetch(fragmentUrl, {
      credentials: "same-origin",
      headers: { "HX-Request": "true", "Accept": "text/html" },
      redirect: "manual",
    })
      .then(function (response) {
        // a redirect (session expired, 2FA needed) or an error: keep what is on screen
        if (!response.ok || response.type === "opaqueredirect") {
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html !== null && html !== undefined) {
          var probe = document.createElement("div");
          probe.innerHTML = html;
          if (probe.innerHTML.trim() !== lastHtml) {
            swap(html);
          }
        }
      })
      .catch(function () { /* offline for a moment: the next event or poll tries again */ })
      .then(function () {
        inFlight = false;
        if (pending) {
          pending = false;
          refresh();
        }
      });
  }

  function scheduleRefresh() {
    window.clearTimeout(debounceTimer);
    // a burst of changes (a supervisor assigning many requests) becomes one request
    debounceTimer = window.setTimeout(refresh, DEBOUNCE_MS);
  }

  // Routing gave me a request: say so in a polite live region with a link (the tables refresh too).
  var assignedBox = document.getElementById("desk-assigned");
  function noticeAssigned(data) {
    if (!assignedBox || !data.ticket_id) {
      return;
    }
    var line = document.createElement("p");
    var link = document.createElement("a");
    link.href = "/desk/tickets/" + encodeURIComponent(data.ticket_id) + "/";
    link.textContent = (assignedBox.getAttribute("data-open-text") || "") + " " + (data.number || "");
    line.textContent = (assignedBox.getAttribute("data-text") || "") + " " + (data.number || "") + ". ";
    line.appendChild(link);
    assignedBox.insertBefore(line, assignedBox.firstChild);
    while (assignedBox.children.length > 3) {
      assignedBox.removeChild(assignedBox.lastChild);
    }
  }

  // The PBX says a call is ringing or answered at my extension: the caller's context, at once (telephony).
  var callBox = document.getElementById("desk-call");
  function noticeCall(data) {
    if (!callBox || !data.url) {
      return;
    }
    var text = function (name) { return callBox.getAttribute("data-" + name) || ""; };
    var card = document.createElement("div");
    var line = document.createElement("p");
    var who = data.caller || (data.known_citizen ? "" : text("unknown-text"));
    line.textContent = text(data.state === "ringing" ? "ringing-text" : "answered-text") + ": " + who +
      (data.phone ? " (" + data.phone + ")" : "") + (data.topic ? ". " + text("topic-text") + ": " + data.topic : "") +
      ". " + text("open-total-text") + ": " + (data.open_total || 0) + ". ";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = text("open-text") + (data.ticket_number ? " " + data.ticket_number : "");
    line.appendChild(link);
    card.appendChild(line);
    if (data.open_requests && data.open_requests.length) {
      var list = document.createElement("ul");
      data.open_requests.forEach(function (request) {
        var item = document.createElement("li");
        var requestLink = document.createElement("a");
        requestLink.href = request.url;
        requestLink.textContent = request.number;
        item.appendChild(requestLink);
        item.appendChild(document.createTextNode(" — " + request.subject));
        list.appendChild(item);
      });
      card.appendChild(list);
    }
    callBox.replaceChildren(card); // the latest call only: an alert region must not pile up
  }

  function connect() {
    if (!window.WebSocket) {
      return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + wsPath);
    } catch (error) {
      socket = null;
      return;
    }
    socket.addEventListener("open", function () {
      reconnectDelay = 1000;
      scheduleRefresh(); // events may have been missed while disconnected
    });
    socket.addEventListener("message", function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (data && data.type === "queue.changed") {
        scheduleRefresh();
      }
      if (data && data.type === "ticket.assigned") {
        noticeAssigned(data);
        scheduleRefresh();
      }
      if (data && data.type === "call.screen_pop") {
        noticeCall(data);
      }
      if (data && typeof data.type === "string") {
        // other desk scripts (desk-sla.js: supervisors' SLA alerts) listen without a second socket
        document.dispatchEvent(new CustomEvent("desk:frame", { detail: data }));
      }
    });
    socket.addEventListener("close", function () {
      socket = null;
      window.setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, POLL_MS);
    });
  }

  if (toggle) {
    try {
      if (window.localStorage.getItem(STORAGE_KEY) === "off") {
        toggle.checked = false;
      }
    } catch (error) { /* storage may be disabled */ }
    toggle.addEventListener("change", function () {
      try {
        window.localStorage.setItem(STORAGE_KEY, toggle.checked ? "on" : "off");
      } catch (error) { /* storage may be disabled */ }
      if (toggle.checked) {
        refresh();
      }
    });
  }

  window.setInterval(function () {
    if (document.visibilityState === "hidden") {
      return;
    }
    if (Date.now() - lastRefresh >= POLL_MS - 1000) {
      refresh();
    }
  }, POLL_MS);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && Date.now() - lastRefresh >= POLL_MS) {
      refresh();
    }
  });

  connect();
})();
