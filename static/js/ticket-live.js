/*
 * Live conversation of one ticket over a websocket (protocol: chat/consumers.py). No frameworks.
 *
 * Attaches to <section id="ticket-live" data-ws-path="/ws/tickets/N/" data-last-message-id="M"> holding
 * <ol id="conversation">, an element [data-ticket-status] and a reply <form data-live-form> with
 * <textarea name="body">. Optional hooks inside the section: [data-live-state] (connection state),
 * [data-typing-indicator], [data-live-error].
 *
 * Nothing typed is lost: a message sent over the socket stays in an outbox in localStorage until the
 * server acknowledges that it is saved, and is resent after a reconnect (the server deduplicates by
 * client_message_id). While the socket is closed the form is submitted the ordinary way.
 * Events for other scripts, dispatched on the section: ticket-live:message, ticket-live:state.
 */
(function () {
  "use strict";

  var t = function (text) { return typeof window.gettext === "function" ? window.gettext(text) : text; };
  var FORBIDDEN = 4403;
  var TYPING_EVERY_MS = 2500;
  var TYPING_SHOWN_MS = 5000;
  var MAX_DELAY_MS = 30000;
  var SOCKET_MAX_CHARS = 4000;  // chat/services.MESSAGE_MAX_LENGTH; longer texts go by the form's own POST

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // crypto.randomUUID exists only in secure contexts; getRandomValues exists everywhere.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function Outbox(key) {
    this.key = key;
    this.memory = [];  // used when localStorage is unavailable (private mode, disabled storage)
  }
  Outbox.prototype.items = function () {
    try {
      var raw = window.localStorage.getItem(this.key);
      var parsed = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed : [];
    } catch (error) {
      return this.memory.slice();
    }
  };
  Outbox.prototype.write = function (items) {
    this.memory = items.slice();
    try {
      if (items.length) {
        window.localStorage.setItem(this.key, JSON.stringify(items));
      } else {
        window.localStorage.removeItem(this.key);
      }
    } catch (error) { /* the in-memory copy still covers reconnects within this page */ }
  };
  Outbox.prototype.add = function (item) { this.write(this.items().concat([item])); };
  Outbox.prototype.take = function (id) {
    var items = this.items();
    var found = null;
    this.write(items.filter(function (item) {
      if (item.id === id) { found = item; return false; }
      return true;
    }));
    return found;
  };

  function TicketLive(section) {
    this.section = section;
    this.path = section.getAttribute("data-ws-path");
    this.lastId = parseInt(section.getAttribute("data-last-message-id") || "0", 10) || 0;
    this.list = section.querySelector("#conversation") || document.getElementById("conversation");
    this.statusEl = section.querySelector("[data-ticket-status]") || document.querySelector("[data-ticket-status]");
    this.stateEl = section.querySelector("[data-live-state]");
    this.typingEl = section.querySelector("[data-typing-indicator]");
    this.form = section.querySelector("form[data-live-form]") || document.querySelector("form[data-live-form]");
    this.errorEl = (this.form && this.form.querySelector("[data-live-error]")) || section.querySelector("[data-live-error]");
    this.outbox = new Outbox("ticket-live-outbox:" + this.path);
    this.socket = null;
    this.attempt = 0;
    this.timer = null;
    this.typingTimer = null;
    this.lastTypingSent = 0;
    this.stopped = false;
    this.bind();
    this.outbox.items().forEach(this.showPending, this);
    this.connect();
  }

  TicketLive.prototype.bind = function () {
    var self = this;
    if (this.form) {
      this.form.addEventListener("submit", function (event) { self.onSubmit(event); });
      var textarea = this.textarea();
      if (textarea) {
        textarea.addEventListener("input", function () { self.onTyping(); });
      }
    }
    window.addEventListener("online", function () { self.reconnectNow(); });
    window.addEventListener("pagehide", function () { self.stopped = true; if (self.socket) { self.socket.close(); } });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { self.stopped = false; self.reconnectNow(); }  // back/forward cache restore
    });
  };

  TicketLive.prototype.textarea = function () {
    return this.form ? this.form.querySelector("textarea[name=body]") : null;
  };

  TicketLive.prototype.isOpen = function () {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  };

  TicketLive.prototype.send = function (frame) {
    if (!this.isOpen()) { return false; }
    this.socket.send(JSON.stringify(frame));
    return true;
  };

  TicketLive.prototype.connect = function () {
    var self = this;
    if (this.stopped || this.socket) { return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + this.path);
    } catch (error) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", function () {
      self.attempt = 0;
      self.setState("open", "");
      self.send({ type: "resume", after: self.lastId });
      self.outbox.items().forEach(self.sendItem, self);
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame && typeof frame === "object") { self.handle(frame); }
    });
    socket.addEventListener("close", function (event) {
      if (self.socket === socket) { self.socket = null; }
      if (self.stopped) { return; }
      if (event.code === FORBIDDEN) {
        self.setState("forbidden", t("Обновления недоступны: обновите страницу."));
        return;
      }
      self.setState("reconnecting", t("Нет соединения. Переподключаемся… Сообщения не потеряются."));
      self.scheduleReconnect();
    });
  };

  TicketLive.prototype.scheduleReconnect = function () {
    var self = this;
    if (this.timer || this.stopped) { return; }
    var base = Math.min(MAX_DELAY_MS, 1000 * Math.pow(2, this.attempt));
    this.attempt += 1;
    var delay = base / 2 + Math.random() * base / 2;  // jitter: many clients must not come back at once
    this.timer = window.setTimeout(function () { self.timer = null; self.connect(); }, delay);
  };

  TicketLive.prototype.reconnectNow = function () {
    if (this.timer) { window.clearTimeout(this.timer); this.timer = null; }
    this.attempt = 0;
    this.connect();
  };

  TicketLive.prototype.setState = function (state, text) {
    this.section.setAttribute("data-live-connection", state);
    if (this.stateEl) { this.stateEl.textContent = text; }
    this.section.dispatchEvent(new CustomEvent("ticket-live:state", { detail: { state: state } }));
  };

  TicketLive.prototype.handle = function (frame) {
    if (frame.type === "message") {
      this.insertMessage(frame);
    } else if (frame.type === "ack") {
      this.outbox.take(frame.client_message_id);
      this.removePending(frame.client_message_id);
      // A resend of a message saved before the drop is not broadcast again: fetch it if missing.
      if (frame.duplicate && !document.getElementById("message-" + frame.message_id)) {
        this.send({ type: "resume", after: this.lastId });
      }
    } else if (frame.type === "status") {
      this.updateStatus(frame.status, frame.label);
    } else if (frame.type === "typing") {
      this.showTyping(frame.author_kind);
    } else if (frame.type === "error") {
      this.showError(frame.message, frame.client_message_id);
    }
  };

  TicketLive.prototype.insertMessage = function (frame) {
    var id = parseInt(frame.message_id, 10);
    if (!id || !this.list) { return; }
    if (id > this.lastId) {
      this.lastId = id;
      this.section.setAttribute("data-last-message-id", String(id));
    }
    if (frame.client_message_id) { this.removePending(frame.client_message_id); }
    if (document.getElementById("message-" + id)) { return; }  // already on the page
    var template = document.createElement("template");
    template.innerHTML = String(frame.html || "").trim();
    var item = template.content.firstElementChild;
    if (!item) { return; }
    this.hideTyping();
    var placeholder = this.list.querySelector(":scope > li:not([data-message-id]):not([data-pending])");
    if (placeholder) { placeholder.parentNode.removeChild(placeholder); }  // «no messages yet»
    // Keep id order: messages replayed after a reconnect may be older than ones already shown.
    var before = null;
    var children = this.list.querySelectorAll("li[data-message-id]");
    for (var i = 0; i < children.length; i += 1) {
      if (parseInt(children[i].getAttribute("data-message-id"), 10) > id) { before = children[i]; break; }
    }
    if (!before) { before = this.list.querySelector("li[data-pending]"); }
    this.list.insertBefore(item, before);
    this.section.dispatchEvent(new CustomEvent("ticket-live:message", { detail: { element: item, frame: frame } }));
  };

  TicketLive.prototype.updateStatus = function (status, label) {
    if (!this.statusEl || !status) { return; }
    var previous = this.statusEl.getAttribute("data-ticket-status");
    this.statusEl.setAttribute("data-ticket-status", status);
    if (label) { this.statusEl.textContent = label; }
    if (previous) { this.statusEl.classList.remove("status-" + previous); }
    this.statusEl.classList.add("status-" + status);
  };

  TicketLive.prototype.showTyping = function (authorKind) {
    var self = this;
    if (!this.typingEl) { return; }
    this.typingEl.textContent = authorKind === "agent" ? t("Специалист печатает…") : t("Собеседник печатает…");
    this.typingEl.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(function () { self.hideTyping(); }, TYPING_SHOWN_MS);
  };

  TicketLive.prototype.hideTyping = function () {
    if (this.typingEl) { this.typingEl.hidden = true; }
  };

  TicketLive.prototype.internalBox = function () {
    return this.form ? this.form.querySelector("input[type=checkbox][name=is_internal], input[type=checkbox][name=internal]") : null;
  };

  TicketLive.prototype.onTyping = function () {
    var internal = this.internalBox();
    if (internal && internal.checked) { return; }  // writing an internal note is not shown to the citizen
    var now = Date.now();
    if (now - this.lastTypingSent < TYPING_EVERY_MS) { return; }
    if (this.send({ type: "typing" })) { this.lastTypingSent = now; }
  };

  TicketLive.prototype.onSubmit = function (event) {
    var textarea = this.textarea();
    if (!textarea || !this.isOpen()) { return; }  // no socket: the ordinary POST delivers the message
    var files = this.form.querySelectorAll("input[type=file]");
    for (var i = 0; i < files.length; i += 1) {
      if (files[i].files && files[i].files.length) { return; }  // files travel by the ordinary POST
    }
    if (!textarea.value.trim()) { return; }  // the server explains what is missing
    if (textarea.value.length > SOCKET_MAX_CHARS) { return; }  // the page's form may accept longer texts
    event.preventDefault();
    var internal = this.internalBox();
    var item = { id: uuid4(), body: textarea.value, internal: Boolean(internal && internal.checked) };
    this.outbox.add(item);
    this.showPending(item);
    this.clearError();
    textarea.value = "";
    textarea.removeAttribute("aria-invalid");
    this.sendItem(item);
    textarea.focus();
  };

  TicketLive.prototype.sendItem = function (item) {
    var frame = { type: "message", body: item.body, client_message_id: item.id };
    if (item.internal) { frame.internal = true; }
    this.send(frame);
  };

  TicketLive.prototype.showPending = function (item) {
    if (!this.list || this.list.querySelector("li[data-pending='" + item.id + "']")) { return; }
    var li = document.createElement("li");
    li.className = "pending" + (item.internal ? " internal" : "");
    li.setAttribute("data-pending", item.id);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = t("Отправляется…");
    var body = document.createElement("div");
    body.className = "body";
    body.textContent = item.body;
    li.appendChild(meta);
    li.appendChild(body);
    this.list.appendChild(li);
  };

  TicketLive.prototype.removePending = function (id) {
    if (!this.list || !id) { return; }
    var li = this.list.querySelector("li[data-pending='" + String(id).replace(/[^0-9a-fA-F-]/g, "") + "']");
    if (li) { li.parentNode.removeChild(li); }
  };

  TicketLive.prototype.showError = function (message, clientMessageId) {
    var item = clientMessageId ? this.outbox.take(clientMessageId) : null;
    if (item) {
      // Refused for good (request closed, too long): give the text back instead of dropping it.
      this.removePending(clientMessageId);
      var textarea = this.textarea();
      if (textarea) {
        textarea.value = textarea.value ? item.body + "\n" + textarea.value : item.body;
        textarea.setAttribute("aria-invalid", "true");
      }
    }
    if (this.errorEl) {
      this.errorEl.textContent = message;
      this.errorEl.hidden = false;
    } else if (this.stateEl) {
      this.stateEl.textContent = message;
    }
  };

  TicketLive.prototype.clearError = function () {
    if (this.errorEl) { this.errorEl.textContent = ""; this.errorEl.hidden = true; }
  };

  function start() {
    var section = document.getElementById("ticket-live");
    if (section && section.getAttribute("data-ws-path") && "WebSocket" in window && !section.ticketLive) {
      section.ticketLive = new TicketLive(section);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
