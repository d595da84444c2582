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
 *      is saved, and is resent after a reconnect (the server deduplicates by client_message_id);
 *    - typing indicators both ways, sent at most every 2.5 s; read receipts: the last message from the other
 *      side shown while the page is visible is reported (debounced), the other side's mark is shown;
 *    - files (chosen, dropped or pasted from the clipboard) go by HTTP POST to data-attachments-url, and the
 *      message carrying them comes back over the socket; refusals are shown in Russian;
 *    - quick replies ([data-quick-reply] buttons under the assistant's message) send their text;
 *    - the citizen's place in the queue and the wait estimate ([data-queue]) are kept up to date.
 *    While the socket is closed the reply form is submitted the ordinary way.
 */
(function () {
  "use strict";
  if (window.supportdeskChat) { return; }  // the widget's copy and a page's own may both be on one page
  window.supportdeskChat = true;

  var t = function (text) { return typeof window.gettext === "function" ? window.gettext(text) : text; };
  var FORBIDDEN = 4403;
  var TYPING_EVERY_MS = 2500;
  var TYPING_SHOWN_MS = 5000;
  var READ_DEBOUNCE_MS = 400;
  var MAX_DELAY_MS = 30000;
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
    document.addEventListener("visibilitychange", function () { self.markRead(); });
    window.addEventListener("focus", function () { self.markRead(); });
    window.addEventListener("online", function () { self.reconnectNow(); });
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
      self.send({ type: "sync" });
      self.outbox.items().forEach(self.sendItem, self);
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
        self.setState("forbidden", t("Обновления недоступны: обновите страницу."));
        return;
      }
      self.setState("reconnecting", t("Нет соединения. Переподключаемся… Сообщения не потеряются."));
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
      // A resend of a message saved before the drop is not broadcast again: fetch it if missing.
      if (frame.duplicate && !document.getElementById("message-" + frame.message_id)) {
        this.send({ type: "resume", after: this.lastId });
      }
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
    if (frame.client_message_id) { this.removePending(frame.client_message_id); }
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
    this.typingEl.textContent = authorKind === "agent" ? t("Специалист печатает…") : t("Собеседник печатает…");
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
      this.readEl.textContent = this.side === "staff" ? t("Гражданин прочитал ваши сообщения.")
        : t("Ваши сообщения прочитаны.");
      this.readEl.setAttribute("data-read", "true");
    } else {
      this.readEl.textContent = t("Доставлено, ещё не прочитано.");
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
    if (!this.isOpen()) { return; }  // no socket: the ordinary POST delivers the message
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
    meta.textContent = t("Отправляется…");
    var body = document.createElement("div");
    body.className = "body";
    body.textContent = item.body;
    li.appendChild(meta);
    li.appendChild(body);
    this.list.appendChild(li);
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
            : t("Снимок экрана") + " " + stamp + "." + extension, { type: file.type }));
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
      remove.textContent = t("Убрать");
      remove.setAttribute("aria-label", t("Убрать файл") + " " + file.name);
      li.appendChild(remove);
      this.fileList.appendChild(li);
    }, this);
    this.fileList.hidden = this.files.length === 0;
  };

  ChatClient.prototype.upload = function () {
    var self = this;
    var textarea = this.textarea();
    var data = new FormData();
    this.files.forEach(function (file) { data.append("files", file, file.name); });
    data.append("body", textarea ? textarea.value : "");
    data.append("client_message_id", uuid4());
    var button = this.form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    this.setState(this.section.getAttribute("data-live-connection") || "open", t("Отправляем файлы…"));
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
        self.files = [];
        self.renderFiles();
        if (textarea) { textarea.value = ""; }
        self.clearError();
        self.setState("open", "");
        // the message itself arrives over the socket; after a drop the resume fetches it
        if (!self.isOpen()) { self.reconnectNow(); }
      } else {
        self.setState("open", "");
        self.showError(result.json.error || t("Файлы не отправлены. Попробуйте ещё раз."), null);
      }
    }).catch(function () {
      self.showError(t("Нет соединения: файлы не отправлены. Попробуйте ещё раз."), null);
    }).then(function () {
      if (button) { button.disabled = false; }
    });
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
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
