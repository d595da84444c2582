/*
 * The live chat (protocol: chat/consumers.py). No frameworks, no CDN.
 *
 * 1. The widget on every portal page: <button data-chat-launcher aria-controls="chat-widget-panel"> opens a
 *    panel holding the chat page (/chat/?embed=1) in a same-origin frame; Escape or «Закрыть» closes it and
 *    gives focus back to the button. Without scripts the launcher is a plain link to /chat/.
 * 2. Every <section data-chat data-ws-path="/ws/tickets/N/" data-side="citizen|staff"> on a page (one on the
 *    citizen's chat, several on the operators' desk, one on a request's page — marked data-live-page, its
 *    status and reply form may sit elsewhere on the page) gets its own socket:
 *    - nothing typed is lost: a message stays in an outbox in localStorage until the server acknowledges it
 *      is saved, and is resent after a reconnect (the server deduplicates by client_message_id); a message
 *      written while the connection is down waits there too;
 *    - nothing shown is missing: the channel layer delivers at most once, so the client asks the server for
 *      everything after the last point it knows complete ({"type": "resume"}; the answer ends with
 *      {"type": "resumed", "up_to"}) after each (re)connect, when its own acknowledged message has not appeared
 *      within a second, every 30–60 s while the page is visible, and when the page becomes visible or the
 *      browser comes online; messages are shown once each, by id;
 *    - typing indicators both ways, sent at most every 2.5 s; read receipts: the last message from the other
 *      side shown while the page is visible is reported (debounced), the other side's mark is shown;
 *    - files (chosen, dropped or pasted from the clipboard) go by HTTP POST to data-attachments-url, and the
 *      message carrying them comes back over the socket; refusals are shown in Russian; a retry of the same
 *      files and text keeps its client_message_id, so an upload whose answer was lost is saved once;
 *    - staff: {"type": "left"} (the chat was handed to someone else) shows why and closes the reply form.
 *    - quick replies ([data-quick-reply] buttons under the assistant's message) send their text;
 *    - the citizen's place in the queue and the wait estimate ([data-queue]) are kept up to date.
 *    While the socket has never opened (no WebSockets on the way) or access was refused, the reply form is
 *    submitted the ordinary way.
 * 3. The operators' chat desk (<div data-desk-chats data-ws-path="/ws/desk/">): a chat given to the operator
 *    ({"type": "ticket.assigned"} on their desk socket) is added as a new pane without a reload; after a
 *    reconnect and every minute the page asks which chats the operator holds and adds any it missed.
 */
(function () {
  "use strict";
  if (window.supportdeskChat) { return; }  // the widget's copy and a page's own may both be on one page
  window.supportdeskChat = true;

  // Django's JavaScript catalogue (/jsi18n/) defines window.gettext; the name is what makemessages -d djangojs
  // looks for, so the strings below reach locale/*/djangojs.po. Without the catalogue the Russian text stays.
  var gettext = typeof window.gettext === "function" ? window.gettext : function (text) { return text; };
  var FORBIDDEN = 4403;
  var TYPING_EVERY_MS = 2500;
  var TYPING_SHOWN_MS = 5000;
  var READ_DEBOUNCE_MS = 400;
  var MAX_DELAY_MS = 30000;
  var ACK_SHOWN_WITHIN_MS = 1000;  // an acknowledged message not on screen by then: ask for what is missing
  var RESUME_EVERY_MS = 30000;  // and every 30–60 s (jittered) while the page is visible
  var RESUME_MIN_GAP_MS = 1000;
  var DESK_SYNC_EVERY_MS = 60000;
  var SOCKET_MAX_CHARS = 4000;  // chat/services.MESSAGE_MAX_LENGTH

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);  // crypto.randomUUID exists only in secure contexts
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function csrfToken(form) {
    var input = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    return input ? input.value : cookie("csrftoken");
  }

  // --- The outbox: what was sent but not yet acknowledged --------------------------------------------

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
    var found = null;
    this.write(this.items().filter(function (item) {
      if (item.id === id) { found = item; return false; }
      return true;
    }));
    return found;
  };

  // --- One conversation ------------------------------------------------------------------------------

  function ChatClient(section) {
    // data-live-page: a request's page, where the status and the reply form sit outside the conversation
    var pageWide = section.hasAttribute("data-live-page");
    var q = function (selector) {
      return section.querySelector(selector) || (pageWide ? document.querySelector(selector) : null);
    };
    this.section = section;
    this.side = section.getAttribute("data-side") || "citizen";
    this.path = section.getAttribute("data-ws-path");
    this.lastId = parseInt(section.getAttribute("data-last-message-id") || "0", 10) || 0;
    this.syncedId = this.lastId;  // every message up to this id is on the page (the page itself was a full read)
    this.resumeSentAt = 0;
    this.everOpened = false;
    this.forbidden = false;
    this.left = false;
    this.pendingUpload = null;  // {id, key}: the client_message_id of the files being sent, kept for retries
    this.otherReadUpTo = parseInt(section.getAttribute("data-read-up-to") || "0", 10) || 0;
    this.readSent = 0;
    this.list = q("[data-conversation]") || q("#conversation");
    this.statusEl = q("[data-ticket-status]");
    this.stateEl = q("[data-live-state]");
    this.typingEl = q("[data-typing-indicator]");
    this.readEl = q("[data-read-state]");
    this.queueEl = q("[data-queue]");
    this.form = q("form[data-live-form]");
    this.errorEl = q("[data-live-error]");
    this.fileInput = this.form ? this.form.querySelector("input[type=file]") : null;
    this.fileList = q("[data-file-list]");
    this.attachmentsUrl = section.getAttribute("data-attachments-url");
    this.files = [];
    this.outbox = new Outbox("ticket-live-outbox:" + this.path);
    this.socket = null;
    this.attempt = 0;
    this.timer = null;
    this.typingTimer = null;
    this.readTimer = null;
    this.lastTypingSent = 0;
    this.stopped = false;
    this.bind();
    this.outbox.items().forEach(this.showPending, this);
    this.showReadState();
    this.connect();
    this.scheduleResume();
  }

  ChatClient.prototype.textarea = function () {
    return this.form ? this.form.querySelector("textarea[name=body]") : null;
  };

  ChatClient.prototype.bind = function () {
    var self = this;
    if (this.form) {
      this.form.addEventListener("submit", function (event) { self.onSubmit(event); });
      var textarea = this.textarea();
      if (textarea) {
        textarea.addEventListener("input", function () { self.onTyping(); });
        textarea.addEventListener("keydown", function (event) {
          // Ctrl+Enter (⌘+Enter) sends; plain Enter keeps making new lines, as in any text field.
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            if (typeof self.form.requestSubmit === "function") { self.form.requestSubmit(); } else { self.form.submit(); }
          }
        });
        textarea.addEventListener("paste", function (event) { self.onPaste(event); });
      }
      if (this.fileInput && this.attachmentsUrl) {
        this.fileInput.addEventListener("change", function () {
          self.addFiles(Array.prototype.slice.call(self.fileInput.files || []));
          self.fileInput.value = "";  // the chosen files are held in this.files and listed below the field
        });
        this.form.addEventListener("dragover", function (event) { event.preventDefault(); });
        this.form.addEventListener("drop", function (event) {
          if (event.dataTransfer && event.dataTransfer.files.length) {
            event.preventDefault();
            self.addFiles(Array.prototype.slice.call(event.dataTransfer.files));
          }
        });
      }
    }
    this.section.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-quick-reply]") : null;
      if (button && self.section.contains(button)) { self.quickReply(button); }
      var remove = event.target.closest ? event.target.closest("[data-file-remove]") : null;
      if (remove) { self.removeFile(parseInt(remove.getAttribute("data-file-remove"), 10)); }
    });
    document.addEventListener("visibilitychange", function () {
      self.markRead();
      if (document.visibilityState === "visible") { self.resume(); }
    });
    window.addEventListener("focus", function () { self.markRead(); });
    window.addEventListener("online", function () {
      // the network is back: whatever was asked for while it was away may never have arrived, so ask again now
      if (self.isOpen()) { self.resume(true); } else { self.reconnectNow(); }
    });
    window.addEventListener("pagehide", function () { self.stopped = true; if (self.socket) { self.socket.close(); } });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { self.stopped = false; self.reconnectNow(); }  // back/forward cache restore
    });
  };

  ChatClient.prototype.isOpen = function () {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  };

  ChatClient.prototype.send = function (frame) {
    if (!this.isOpen()) { return false; }
    this.socket.send(JSON.stringify(frame));
    return true;
  };

  ChatClient.prototype.connect = function () {
    var self = this;
    if (this.stopped || this.socket || this.forbidden) { return; }
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
      self.everOpened = true;
      if (!self.left) { self.setState("open", ""); }
      self.resume(true);
      self.send({ type: "sync" });
      self.outbox.items().forEach(function (item) {
        self.pendingText(item.id, gettext("Отправляется…"));
        self.sendItem(item);
      });
      self.readSent = 0;
      self.markRead();
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
        self.forbidden = true;  // from now on the reply form posts the ordinary way
        if (!self.left) { self.setState("forbidden", gettext("Обновления недоступны: обновите страницу.")); }
        return;
      }
      self.setState("reconnecting", gettext("Нет соединения. Переподключаемся… Сообщения не потеряются."));
      self.scheduleReconnect();
    });
  };

  ChatClient.prototype.scheduleReconnect = function () {
    var self = this;
    if (this.timer || this.stopped) { return; }
    var base = Math.min(MAX_DELAY_MS, 1000 * Math.pow(2, this.attempt));
    this.attempt += 1;
    var delay = base / 2 + Math.random() * base / 2;  // jitter: many clients must not come back at once
    this.timer = window.setTimeout(function () { self.timer = null; self.connect(); }, delay);
  };

  ChatClient.prototype.reconnectNow = function () {
    if (this.timer) { window.clearTimeout(this.timer); this.timer = null; }
    this.attempt = 0;
    this.connect();
  };

  // Ask for every message after the last point known complete; the page shows each message once, by id.
  ChatClient.prototype.resume = function (always) {
    var now = Date.now();
    if (!always && now - this.resumeSentAt < RESUME_MIN_GAP_MS) { return; }
    if (this.send({ type: "resume", after: this.syncedId })) { this.resumeSentAt = now; }
  };

  ChatClient.prototype.scheduleResume = function () {
    var self = this;
    var delay = RESUME_EVERY_MS + Math.random() * RESUME_EVERY_MS;
    window.setTimeout(function () {
      if (document.visibilityState !== "hidden") { self.resume(); }
      if (!self.stopped) { self.scheduleResume(); }
    }, delay);
  };

  ChatClient.prototype.checkShown = function (messageId) {
    var self = this;
    window.setTimeout(function () {
      if (!document.getElementById("message-" + messageId)) { self.resume(); }
    }, ACK_SHOWN_WITHIN_MS);
  };

  ChatClient.prototype.setState = function (state, text) {
    this.section.setAttribute("data-live-connection", state);
    if (this.stateEl) { this.stateEl.textContent = text; }
  };

  ChatClient.prototype.handle = function (frame) {
    if (frame.type === "message") {
      this.insertMessage(frame);
    } else if (frame.type === "ack") {
      this.outbox.take(frame.client_message_id);
      this.removePending(frame.client_message_id);
      // A resend of a message saved before the drop is not sent again: fetch it if missing. A new one's
      // frame follows the ack; should it still be missing in a second, the resume brings it.
      if (frame.duplicate && !document.getElementById("message-" + frame.message_id)) {
        this.resume(true);
      } else {
        this.checkShown(frame.message_id);
      }
    } else if (frame.type === "resumed") {
      var upTo = parseInt(frame.up_to, 10) || 0;
      if (upTo > this.syncedId) { this.syncedId = upTo; }
    } else if (frame.type === "left") {
      this.onLeft(frame.message);
    } else if (frame.type === "status") {
      this.updateStatus(frame.status, frame.label);
    } else if (frame.type === "typing") {
      this.showTyping(frame.author_kind);
    } else if (frame.type === "read") {
      if (frame.side !== this.side && frame.message_id > this.otherReadUpTo) {
        this.otherReadUpTo = frame.message_id;
        this.showReadState();
      }
    } else if (frame.type === "queue") {
      this.showQueue(frame);
    } else if (frame.type === "language") {
      this.onLanguage(frame.language);
    } else if (frame.type === "error") {
      this.showError(frame.message, frame.client_message_id);
    }
  };

  ChatClient.prototype.insertMessage = function (frame) {
    var id = parseInt(frame.message_id, 10);
    if (!id || !this.list) { return; }
    if (id > this.lastId) {
      this.lastId = id;
      this.section.setAttribute("data-last-message-id", String(id));
    }
    if (frame.client_message_id) {
      this.removePending(frame.client_message_id);
      if (this.pendingUpload && frame.client_message_id === this.pendingUpload.id) {
        this.uploadDone();  // saved, though its HTTP answer may have been lost: nothing to send again
      }
    }
    if (document.getElementById("message-" + id)) { return; }  // already on the page
    var template = document.createElement("template");
    template.innerHTML = String(frame.html || "").trim();
    var item = template.content.firstElementChild;
    if (!item) { return; }
    this.hideTyping();
    var placeholder = this.list.querySelector(":scope > li:not([data-message-id]):not([data-pending])");
    if (placeholder) { placeholder.parentNode.removeChild(placeholder); }  // «no messages yet»
    if (frame.actions) {  // only the newest assistant message keeps its quick replies
      Array.prototype.forEach.call(this.list.querySelectorAll(".quick-replies"), function (group) {
        group.parentNode.removeChild(group);
      });
    }
    // Keep id order: messages replayed after a reconnect may be older than ones already shown.
    var before = null;
    var children = this.list.querySelectorAll("li[data-message-id]");
    for (var i = 0; i < children.length; i += 1) {
      if (parseInt(children[i].getAttribute("data-message-id"), 10) > id) { before = children[i]; break; }
    }
    if (!before) { before = this.list.querySelector("li[data-pending]"); }
    var follow = this.nearBottom();
    this.list.insertBefore(item, before);
    if (follow || this.isMine(frame.author_kind)) { item.scrollIntoView({ block: "nearest" }); }
    this.showReadState();
    this.markRead();
    this.section.dispatchEvent(new CustomEvent("ticket-live:message", { detail: { element: item, frame: frame } }));
  };

  ChatClient.prototype.isMine = function (authorKind) {
    return this.side === "staff" ? authorKind === "agent" : authorKind === "citizen";
  };

  ChatClient.prototype.nearBottom = function () {
    var box = this.list.closest("[data-scroll]") || null;
    if (box) { return box.scrollTop + box.clientHeight >= box.scrollHeight - 120; }
    var doc = document.documentElement;
    return window.innerHeight + window.scrollY >= doc.scrollHeight - 200;
  };

  ChatClient.prototype.updateStatus = function (status, label) {
    if (!this.statusEl || !status) { return; }
    var previous = this.statusEl.getAttribute("data-ticket-status");
    this.statusEl.setAttribute("data-ticket-status", status);
    if (label) { this.statusEl.textContent = label; }
    if (previous) { this.statusEl.classList.remove("status-" + previous); }
    this.statusEl.classList.add("status-" + status);
  };

  ChatClient.prototype.showTyping = function (authorKind) {
    var self = this;
    if (!this.typingEl) { return; }
    this.typingEl.textContent = authorKind === "agent" ? gettext("Специалист печатает…") : gettext("Собеседник печатает…");
    this.typingEl.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(function () { self.hideTyping(); }, TYPING_SHOWN_MS);
  };

  ChatClient.prototype.hideTyping = function () {
    if (this.typingEl) { this.typingEl.hidden = true; }
  };

  // --- Read receipts ---------------------------------------------------------------------------------

  ChatClient.prototype.lastFromOtherSide = function () {
    var items = this.list ? this.list.querySelectorAll("li[data-message-id]") : [];
    for (var i = items.length - 1; i >= 0; i -= 1) {
      if (!this.isMine(items[i].getAttribute("data-author-kind"))) {
        return parseInt(items[i].getAttribute("data-message-id"), 10) || 0;
      }
    }
    return 0;
  };

  ChatClient.prototype.lastOfMine = function () {
    var items = this.list ? this.list.querySelectorAll("li[data-message-id]") : [];
    for (var i = items.length - 1; i >= 0; i -= 1) {
      if (this.isMine(items[i].getAttribute("data-author-kind"))) {
        return parseInt(items[i].getAttribute("data-message-id"), 10) || 0;
      }
    }
    return 0;
  };

  ChatClient.prototype.markRead = function () {
    var self = this;
    if (document.visibilityState === "hidden" || !this.isOpen()) { return; }
    window.clearTimeout(this.readTimer);
    this.readTimer = window.setTimeout(function () {
      var upTo = self.lastFromOtherSide();
      if (upTo > self.readSent && self.send({ type: "read", message_id: upTo })) { self.readSent = upTo; }
    }, READ_DEBOUNCE_MS);
  };

  ChatClient.prototype.showReadState = function () {
    if (!this.readEl) { return; }
    var mine = this.lastOfMine();
    if (!mine) { this.readEl.textContent = ""; return; }
    if (this.otherReadUpTo >= mine) {
      this.readEl.textContent = this.side === "staff" ? gettext("Гражданин прочитал ваши сообщения.")
        : gettext("Ваши сообщения прочитаны.");
      this.readEl.setAttribute("data-read", "true");
    } else {
      this.readEl.textContent = gettext("Доставлено, ещё не прочитано.");
      this.readEl.setAttribute("data-read", "false");
    }
  };

  // --- Queue, language -------------------------------------------------------------------------------

  ChatClient.prototype.showQueue = function (frame) {
    if (!this.queueEl) { return; }
    this.queueEl.textContent = frame.text || "";
    this.queueEl.hidden = !frame.text;
  };

  ChatClient.prototype.onLanguage = function (language) {
    if (this.side === "staff") {
      var badge = this.section.querySelector("[data-chat-language]");
      if (badge) { badge.textContent = String(language || "").toUpperCase(); }
    }
  };

  // --- Sending ---------------------------------------------------------------------------------------

  ChatClient.prototype.internalBox = function () {
    return this.form ? this.form.querySelector("input[type=checkbox][name=is_internal]") : null;
  };

  ChatClient.prototype.onTyping = function () {
    var internal = this.internalBox();
    if (internal && internal.checked) { return; }  // writing an internal note is not shown to the citizen
    var now = Date.now();
    if (now - this.lastTypingSent < TYPING_EVERY_MS) { return; }
    if (this.send({ type: "typing" })) { this.lastTypingSent = now; }
  };

  ChatClient.prototype.onSubmit = function (event) {
    var textarea = this.textarea();
    if (!textarea) { return; }
    if (this.files.length) {
      event.preventDefault();
      this.upload();
      return;
    }
    // Never connected (no WebSockets on the way) or refused: the ordinary POST delivers the message. A socket
    // that is only down for a moment keeps it in the outbox and sends it once it is back.
    if (!this.isOpen() && (!this.everOpened || this.forbidden)) { return; }
    if (!textarea.value.trim()) { return; }  // the server explains what is missing
    if (textarea.value.length > SOCKET_MAX_CHARS) { return; }  // the form's POST gives the precise error
    event.preventDefault();
    this.queueText(textarea.value);
    textarea.value = "";
    textarea.removeAttribute("aria-invalid");
    textarea.focus();
  };

  ChatClient.prototype.queueText = function (body) {
    var internal = this.internalBox();
    var item = { id: uuid4(), body: body, internal: Boolean(internal && internal.checked) };
    this.outbox.add(item);
    this.showPending(item);
    this.clearError();
    this.sendItem(item);
  };

  ChatClient.prototype.quickReply = function (button) {
    var text = button.getAttribute("data-quick-reply");
    if (!text) { return; }
    if (this.isOpen()) {
      this.queueText(text);
    } else if (this.textarea()) {  // offline: the reply waits in the field for the ordinary send
      this.textarea().value = text;
      this.textarea().focus();
    }
  };

  ChatClient.prototype.sendItem = function (item) {
    var frame = { type: "message", body: item.body, client_message_id: item.id };
    if (item.internal) { frame.internal = true; }
    this.send(frame);
  };

  ChatClient.prototype.showPending = function (item) {
    if (!this.list || this.list.querySelector("li[data-pending='" + item.id + "']")) { return; }
    var li = document.createElement("li");
    li.className = "pending" + (item.internal ? " internal" : "");
    li.setAttribute("data-pending", item.id);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = this.isOpen() ? gettext("Отправляется…") : gettext("Ждёт связи: отправится само, как только она вернётся.");
    var body = document.createElement("div");
    body.className = "body";
    body.textContent = item.body;
    li.appendChild(meta);
    li.appendChild(body);
    this.list.appendChild(li);
  };

  ChatClient.prototype.pendingText = function (id, text) {
    var li = this.list ? this.list.querySelector("li[data-pending='" + String(id).replace(/[^0-9a-fA-F-]/g, "") + "']")
      : null;
    var meta = li ? li.querySelector(".meta") : null;
    if (meta) { meta.textContent = text; }
  };

  ChatClient.prototype.removePending = function (id) {
    if (!this.list || !id) { return; }
    var li = this.list.querySelector("li[data-pending='" + String(id).replace(/[^0-9a-fA-F-]/g, "") + "']");
    if (li) { li.parentNode.removeChild(li); }
  };

  ChatClient.prototype.showError = function (message, clientMessageId) {
    var item = clientMessageId ? this.outbox.take(clientMessageId) : null;
    var textarea = this.textarea();
    if (item) {
      // Refused for good (request closed, too long): give the text back instead of dropping it.
      this.removePending(clientMessageId);
      if (textarea) {
        textarea.value = textarea.value ? item.body + "\n" + textarea.value : item.body;
      }
    }
    if (textarea) { textarea.setAttribute("aria-invalid", "true"); }
    if (this.errorEl) {
      this.errorEl.textContent = message;
      this.errorEl.hidden = false;
    } else if (this.stateEl) {
      this.stateEl.textContent = message;
    }
  };

  ChatClient.prototype.clearError = function () {
    if (this.errorEl) { this.errorEl.textContent = ""; this.errorEl.hidden = true; }
    var textarea = this.textarea();
    if (textarea) { textarea.removeAttribute("aria-invalid"); }
  };

  // --- Files: chosen, dropped or pasted; uploaded by HTTP POST --------------------------------------

  ChatClient.prototype.onPaste = function (event) {
    if (!this.attachmentsUrl || !event.clipboardData) { return; }
    var pasted = [];
    Array.prototype.forEach.call(event.clipboardData.items || [], function (item) {
      if (item.kind === "file") {
        var file = item.getAsFile();
        if (file) {
          var stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
          var extension = (file.type.split("/")[1] || "png").replace("jpeg", "jpg");
          // a pasted screenshot has no name of its own
          pasted.push(new File([file], file.name && file.name !== "image.png" ? file.name
            : gettext("Снимок экрана") + " " + stamp + "." + extension, { type: file.type }));
        }
      }
    });
    if (pasted.length) {
      event.preventDefault();
      this.addFiles(pasted);
    }
  };

  ChatClient.prototype.addFiles = function (files) {
    this.files = this.files.concat(files);
    this.clearError();
    this.renderFiles();
  };

  ChatClient.prototype.removeFile = function (index) {
    this.files.splice(index, 1);
    this.renderFiles();
    if (this.fileInput) { this.fileInput.focus(); }
  };

  ChatClient.prototype.renderFiles = function () {
    if (!this.fileList) { return; }
    while (this.fileList.firstChild) { this.fileList.removeChild(this.fileList.firstChild); }
    this.files.forEach(function (file, index) {
      var li = document.createElement("li");
      li.appendChild(document.createTextNode(file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " КБ) "));
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button";
      remove.setAttribute("data-file-remove", String(index));
      remove.textContent = gettext("Убрать");
      remove.setAttribute("aria-label", gettext("Убрать файл") + " " + file.name);
      li.appendChild(remove);
      this.fileList.appendChild(li);
    }, this);
    this.fileList.hidden = this.files.length === 0;
  };

  ChatClient.prototype.upload = function () {
    var self = this;
    var textarea = this.textarea();
    var body = textarea ? textarea.value : "";
    var key = JSON.stringify([body, this.files.map(function (file) {
      return [file.name, file.size, file.lastModified];
    })]);
    // A retry of the same files and text keeps its id: if the first POST was saved and only its answer was
    // lost, the server returns the saved message instead of storing the files twice. Anything changed is new.
    if (!this.pendingUpload || this.pendingUpload.key !== key) { this.pendingUpload = { id: uuid4(), key: key }; }
    var data = new FormData();
    this.files.forEach(function (file) { data.append("files", file, file.name); });
    data.append("body", body);
    data.append("client_message_id", this.pendingUpload.id);
    var button = this.form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    this.setState(this.section.getAttribute("data-live-connection") || "open", gettext("Отправляем файлы…"));
    fetch(this.attachmentsUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(this.form), Accept: "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { ok: response.ok, json: json, status: response.status };
      });
    }).then(function (result) {
      if (result.ok) {
        self.uploadDone();
        // the message itself arrives over the socket; after a drop the resume fetches it
        if (!self.isOpen()) { self.reconnectNow(); } else { self.checkShown(result.json.message_id); }
      } else {
        self.pendingUpload = null;  // refused: nothing was saved
        self.setState("open", "");
        self.showError(result.json.error || gettext("Файлы не отправлены. Попробуйте ещё раз."), null);
      }
    }).catch(function () {
      if (self.pendingUpload) {  // unless the socket has shown the message meanwhile
        self.showError(gettext("Нет соединения: файлы не отправлены. Попробуйте ещё раз."), null);
      }
    }).then(function () {
      if (button) { button.disabled = false; }
    });
  };

  ChatClient.prototype.uploadDone = function () {
    var sent = this.pendingUpload;
    this.pendingUpload = null;
    this.files = [];
    this.renderFiles();
    var textarea = this.textarea();
    // what was typed after pressing «Отправить» stays
    if (textarea && sent && JSON.parse(sent.key)[0] === textarea.value) { textarea.value = ""; }
    this.clearError();
    if (!this.left) { this.setState("open", ""); }
  };

  // --- Staff: the chat was handed to someone else ------------------------------------------------------

  ChatClient.prototype.onLeft = function (message) {
    this.left = true;
    this.section.setAttribute("data-chat-left", "true");
    this.setState("left", message || "");
    var notice = this.section.querySelector("[data-chat-left-notice]");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "message message-warning";
      notice.setAttribute("data-chat-left-notice", "");
      var heading = this.section.querySelector("h2");
      this.section.insertBefore(notice, heading ? heading.nextSibling : this.section.firstChild);
    }
    notice.textContent = message || "";
    // the reply and transfer forms belong to whoever holds the chat now
    Array.prototype.forEach.call(this.section.querySelectorAll("form"), function (form) {
      Array.prototype.forEach.call(form.elements, function (element) { element.disabled = true; });
    });
  };

  // --- The operators' chat desk: chats given to me appear as new panes ------------------------------

  function DeskChats(container) {
    this.container = container;
    this.path = container.getAttribute("data-ws-path") || "/ws/desk/";
    this.liveUrl = container.getAttribute("data-live-url");
    this.paneUrl = container.getAttribute("data-pane-url") || "";
    this.announceEl = document.querySelector("[data-desk-announce]");
    this.loadEl = document.querySelector("[data-desk-load]");
    this.emptyEl = document.querySelector("[data-desk-empty]");
    this.fetching = {};
    this.socket = null;
    this.attempt = 0;
    this.opened = false;
    this.stopped = false;
    var self = this;
    window.addEventListener("pagehide", function () { self.stopped = true; if (self.socket) { self.socket.close(); } });
    window.addEventListener("online", function () { self.sync(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { self.sync(); }
    });
    window.setInterval(function () { if (document.visibilityState !== "hidden") { self.sync(); } }, DESK_SYNC_EVERY_MS);
    this.connect();
  }

  DeskChats.prototype.connect = function () {
    var self = this;
    if (this.stopped || this.socket) { return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try { socket = new WebSocket(scheme + window.location.host + this.path); } catch (error) { return; }
    this.socket = socket;
    socket.addEventListener("open", function () {
      if (self.opened) { self.sync(); }  // a chat may have been given while the socket was down
      self.opened = true;
      self.attempt = 0;
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame && frame.type === "ticket.assigned" && frame.ticket_id) { self.add(frame.ticket_id, frame.number); }
    });
    socket.addEventListener("close", function (event) {
      if (self.socket === socket) { self.socket = null; }
      if (self.stopped || event.code === FORBIDDEN) { return; }
      var base = Math.min(MAX_DELAY_MS, 1000 * Math.pow(2, self.attempt));
      self.attempt += 1;
      window.setTimeout(function () { self.connect(); }, base / 2 + Math.random() * base / 2);
    });
  };

  DeskChats.prototype.paneUrlFor = function (ticketId) {
    return this.paneUrl.replace(/\/0\/pane\/$/, "/" + encodeURIComponent(ticketId) + "/pane/");
  };

  DeskChats.prototype.add = function (ticketId, number) {
    var self = this;
    var id = parseInt(ticketId, 10);
    if (!id || document.getElementById("chat-" + id) || this.fetching[id]) { return; }
    this.fetching[id] = true;
    fetch(this.paneUrlFor(id), {
      credentials: "same-origin", headers: { Accept: "application/json" }, redirect: "manual"
    }).then(function (response) {
      return response.ok && response.type !== "opaqueredirect" ? response.json() : null;  // not a chat of mine
    }).then(function (json) {
      if (!json || !json.html || document.getElementById("chat-" + id)) { return; }
      var template = document.createElement("template");
      template.innerHTML = String(json.html).trim();
      var section = template.content.firstElementChild;
      if (!section) { return; }
      self.container.appendChild(section);  // focus stays where the operator is typing
      if (self.emptyEl) { self.emptyEl.hidden = true; }
      self.showLoad(json.load_text);
      self.announce(id, number || (section.querySelector("h2 a") || {}).textContent || "");
      section.chatClient = new ChatClient(section);
    }).catch(function () { /* offline for a moment: the next sync adds it */ }).then(function () {
      delete self.fetching[id];
    });
  };

  DeskChats.prototype.sync = function () {
    var self = this;
    if (!this.liveUrl) { return; }
    fetch(this.liveUrl, { credentials: "same-origin", headers: { Accept: "application/json" }, redirect: "manual" })
      .then(function (response) { return response.ok && response.type !== "opaqueredirect" ? response.json() : null; })
      .then(function (json) {
        if (!json || !Array.isArray(json.chat_ids)) { return; }
        self.showLoad(json.load_text);
        json.chat_ids.forEach(function (id) { self.add(id, ""); });
        Array.prototype.forEach.call(self.container.querySelectorAll("section[data-ticket-id]"), function (section) {
          var id = parseInt(section.getAttribute("data-ticket-id"), 10);
          var status = (section.querySelector("[data-ticket-status]") || { getAttribute: function () { return ""; } })
            .getAttribute("data-ticket-status");
          var finished = ["resolved", "closed", "cancelled"].indexOf(status) !== -1;  // ended, not handed on
          if (json.chat_ids.indexOf(id) === -1 && !finished && section.chatClient && !section.chatClient.left) {
            section.chatClient.onLeft(self.container.getAttribute("data-left-text") || "");
          }
        });
      })
      .catch(function () { /* the next event or sync tries again */ });
  };

  DeskChats.prototype.showLoad = function (text) {
    if (this.loadEl && text) { this.loadEl.textContent = text; }
  };

  DeskChats.prototype.announce = function (id, number) {
    if (!this.announceEl) { return; }
    var line = document.createElement("p");
    line.className = "message message-success";
    line.appendChild(document.createTextNode(
      (this.container.getAttribute("data-new-chat-text") || "") + " " + String(number).trim() + ". "));
    var link = document.createElement("a");
    link.href = "#chat-" + id;
    link.textContent = this.container.getAttribute("data-go-text") || "";
    line.appendChild(link);
    this.announceEl.insertBefore(line, this.announceEl.firstChild);
    while (this.announceEl.children.length > 3) { this.announceEl.removeChild(this.announceEl.lastChild); }
  };

  // --- The widget on every portal page ---------------------------------------------------------------

  function Widget(launcher) {
    var self = this;
    this.launcher = launcher;
    this.panel = document.getElementById(launcher.getAttribute("aria-controls"));
    this.frame = this.panel ? this.panel.querySelector("iframe") : null;
    if (!this.panel || !this.frame) { return; }
    // Without scripts the launcher is a link to /chat/; with them it is a button that opens the panel.
    launcher.setAttribute("role", "button");
    launcher.setAttribute("aria-expanded", "false");
    launcher.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); launcher.click(); }
    });
    launcher.addEventListener("click", function (event) {
      event.preventDefault();
      if (self.panel.hidden) { self.open(); } else { self.close(); }
    });
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { self.close(); }
    });
    var closeButton = this.panel.querySelector("[data-chat-close]");
    if (closeButton) { closeButton.addEventListener("click", function () { self.close(); }); }
  }

  Widget.prototype.open = function () {
    var self = this;
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    var focusComposer = function () {
      try {
        var doc = self.frame.contentDocument;
        doc.addEventListener("keydown", function (event) { if (event.key === "Escape") { self.close(); } });
        var field = doc.querySelector("textarea");
        if (field) { field.focus(); } else { self.frame.focus(); }
      } catch (error) { self.frame.focus(); }
    };
    if (!this.frame.getAttribute("src")) {
      this.frame.addEventListener("load", focusComposer);  // also after each page of the chat inside
      this.frame.setAttribute("src", this.frame.getAttribute("data-src"));
    } else {
      focusComposer();
    }
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chat-launcher]"), function (launcher) {
      if (!launcher.chatWidget) { launcher.chatWidget = new Widget(launcher); }
    });
    if (!("WebSocket" in window)) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("section[data-chat][data-ws-path]"), function (section) {
      if (!section.chatClient) { section.chatClient = new ChatClient(section); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-desk-chats]"), function (container) {
      if (!container.deskChats && window.fetch) { container.deskChats = new DeskChats(container); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
