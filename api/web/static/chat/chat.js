/* The patient chat: talks to /v1/conversations, keeps the conversation across reloads
   (id and token in sessionStorage), listens on the conversation's WebSocket for staff
   messages, typing and status. Plain JavaScript, no build step, nothing from a CDN. */
(function () {
  "use strict";

  var root = document.getElementById("chat");
  if (!root) return;
  var T = JSON.parse(root.dataset.texts || "{}");
  var language = root.dataset.language || "en";
  var pinned = root.dataset.pinned === "true";
  var STORE = "frontdesk.chat";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var send = document.getElementById("send");
  var typing = document.getElementById("typing");
  var notice = document.getElementById("notice");
  var error = document.getElementById("error");
  var emergency = document.getElementById("emergency");
  var numbers = document.getElementById("emergency-numbers");
  var conversation = null; // {id, token}
  var socket = null;
  var bySeq = {};
  var busy = false;
  // The suggested answers of the last agent message: shown disabled while a turn is under way
  // (the live socket can show a reply before its request returns, and a click then was lost).
  var currentChoices = null;
  var retryDelay = 1000;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function save() {
    try { sessionStorage.setItem(STORE, JSON.stringify(conversation)); } catch (e) { /* private mode */ }
  }

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || "null"); } catch (e) { return null; }
  }

  function api(method, path, body, extra) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (conversation) headers["Authorization"] = "Bearer " + conversation.token;
    for (var k in (extra || {})) headers[k] = extra[k];
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var failure = new Error(json.detail || response.statusText);
          failure.status = response.status;
          throw failure;
        }
        return json;
      });
    });
  }

  function disableOldChoices() {
    var buttons = log.querySelectorAll(".choice");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
  }

  function renderChoices(item, choices) {
    var old = item.querySelector(".choices");
    if (old) old.remove();
    if (!choices || !choices.length) return;
    disableOldChoices();
    var group = el("fieldset", "choices");
    group.appendChild(el("legend", null, T.choices));
    choices.forEach(function (choice) {
      var button = el("button", "choice choice-" + choice.kind, choice.label);
      button.type = "button";
      button.disabled = busy;
      button.dataset.value = choice.value;
      if (choice.slot_id) button.dataset.slotId = choice.slot_id;
      button.addEventListener("click", function () {
        if (busy) return;
        submit(choice.value, choice.label);
      });
      group.appendChild(button);
    });
    item.appendChild(group);
    currentChoices = group;
  }

  function renderCards(item, cards) {
    (cards || []).forEach(function (card) {
      if (item.querySelector('[data-appointment="' + card.appointment_id + '"]')) return;
      var box = el("article", "card");
      box.dataset.appointment = card.appointment_id;
      box.setAttribute("aria-label", T[card.kind] || card.kind);
      box.appendChild(el("h3", null, T[card.kind] || card.kind));
      var list = el("dl");
      [["when", card.when], ["with", card.practitioner],
       ["where", [card.location, card.address].filter(Boolean).join(", ")]]
        .forEach(function (row) {
          if (!row[1]) return;
          list.appendChild(el("dt", null, T[row[0]]));
          list.appendChild(el("dd", null, row[1]));
        });
      box.appendChild(list);
      item.appendChild(box);
    });
  }

  function render(message, label) {
    var seq = message.seq;
    var item = seq !== null && seq !== undefined ? bySeq[seq] : null;
    if (!item) {
      item = el("li", "msg " + message.role);
      item.appendChild(el("span", "who", T[message.role === "patient" ? "you" : message.role]));
      item.appendChild(el("span", "text", label || message.text));
      if (seq !== null && seq !== undefined) {
        item.dataset.seq = seq;
        bySeq[seq] = item;
      }
      log.appendChild(item);
    }
    if (message.choices && message.choices.length) renderChoices(item, message.choices);
    else if (message.role !== "patient" && !item.querySelector(".choices")) disableOldChoices();
    renderCards(item, message.cards);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function applyState(state) {
    if (!state) return;
    if (state.emergency_numbers && state.emergency_numbers.length) {
      numbers.textContent = "";
      state.emergency_numbers.forEach(function (n) {
        var li = el("li");
        var link = el("a", null, n.number);
        link.href = "tel:" + n.number;
        link.setAttribute("aria-label", n.name + " " + n.number);
        li.appendChild(link);
        li.appendChild(el("span", "label", n.name));
        numbers.appendChild(li);
      });
      emergency.hidden = false;
    }
    if (state.status === "staff") showNotice(T.staff_joined);
    else if (state.handed_off) showNotice(T.handed_off);
    else notice.hidden = true;
  }

  function showNotice(text) {
    if (notice.textContent !== text) notice.textContent = text;
    notice.hidden = false;
  }

  function setBusy(on) {
    busy = on;
    send.disabled = on;
    if (!on && currentChoices) {
      var buttons = currentChoices.querySelectorAll(".choice");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
    }
    typing.textContent = T.typing;
    typing.hidden = !on;
  }

  function key() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function submit(text, label) {
    text = (text || "").trim();
    if (!text || busy || !conversation) return;
    error.hidden = true;
    render({ role: "patient", text: text, seq: null }, label);
    disableOldChoices();
    currentChoices = null;
    setBusy(true);
    var idem = key();
    var attempt = function (left) {
      return api("POST", "/v1/conversations/" + conversation.id + "/messages", { text: text },
                 { "Idempotency-Key": idem })
        .catch(function (failure) {
          // The same key makes a retry safe: the turn runs once whatever happens.
          if (left > 0 && (!failure.status || failure.status >= 500 || failure.status === 429)) {
            return new Promise(function (r) { setTimeout(r, 800); }).then(function () {
              return attempt(left - 1);
            });
          }
          throw failure;
        });
    };
    attempt(2).then(function (reply) {
      reply.messages.forEach(function (m) { render(m); });
      applyState(reply.state);
    }).catch(function (failure) {
      if (failure.status === 401 || failure.status === 404) { restart(); return; }
      error.textContent = T.error;
      error.hidden = false;
    }).then(function () {
      setBusy(false);
      input.focus();
    });
  }

  function listen() {
    if (!conversation || !window.WebSocket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + location.host + "/v1/conversations/" + encodeURIComponent(conversation.id) +
      "/ws?token=" + encodeURIComponent(conversation.token);
    var ws = new WebSocket(url);
    socket = ws;
    ws.onopen = function () { retryDelay = 1000; };
    ws.onmessage = function (event) {
      var update;
      try { update = JSON.parse(event.data); } catch (e) { return; }
      if (update.type === "message" && update.message.role !== "patient") {
        render(update.message);
        if (update.message.role === "staff") typing.hidden = true;
      } else if (update.type === "typing" && update.role === "staff") {
        typing.textContent = T.staff_typing;
        typing.hidden = !update.typing;
      } else if (update.type === "status") {
        applyState({ status: update.status, handed_off: update.status === "handed_off" ||
                     update.status === "staff" });
        if (update.urgency === "stat") refreshState();
      }
    };
    ws.onclose = function () {
      if (socket !== ws) return;
      setTimeout(function () { if (socket === ws) listen(); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    };
  }

  function refreshState() {
    if (!conversation) return Promise.resolve();
    return api("GET", "/v1/conversations/" + conversation.id).then(function (view) {
      view.messages.forEach(function (m) { render(m); });
      applyState(view.state);
    });
  }

  function open() {
    var saved = load();
    if (saved && saved.id && saved.token) {
      conversation = saved;
      return refreshState().then(listen).catch(function () {
        conversation = null;
        return start();
      });
    }
    return start();
  }

  function start() {
    var body = { channel: "web", language: pinned ? language : browserLanguage() };
    return api("POST", "/v1/conversations", body).then(function (created) {
      conversation = { id: created.id, token: created.token };
      save();
      created.messages.forEach(function (m) { render(m); });
      applyState(created.state);
      listen();
    }).catch(function () {
      error.textContent = T.error;
      error.hidden = false;
    });
  }

  function browserLanguage() {
    var langs = navigator.languages || [navigator.language || language];
    for (var i = 0; i < langs.length; i++) {
      var tag = (langs[i] || "").slice(0, 2).toLowerCase();
      if (tag === "fr" || tag === "en") return tag;
    }
    return language;
  }

  function restart() {
    if (socket) { var old = socket; socket = null; old.close(); }
    try { sessionStorage.removeItem(STORE); } catch (e) { /* ignore */ }
    conversation = null;
    bySeq = {};
    log.textContent = "";
    emergency.hidden = true;
    notice.hidden = true;
    start().then(function () { input.focus(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    submit(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  var typingSent = 0;
  input.addEventListener("input", function () {
    var now = Date.now();
    if (socket && socket.readyState === 1 && now - typingSent > 3000) {
      typingSent = now;
      socket.send(JSON.stringify({ type: "typing", typing: true }));
    }
  });
  document.getElementById("restart").addEventListener("click", restart);
  open();
})();
