/* The live handoff queue: server-sent events keep it current; an emergency rings until taken. */
"use strict";
(function () {
  const { api, el, waited } = window.Console;
  const list = document.getElementById("queue-list");
  const empty = document.getElementById("queue-empty");
  const count = document.getElementById("queue-count");
  const live = document.getElementById("live-status");
  const detail = document.getElementById("detail");
  const transcript = document.getElementById("transcript");
  const errorBox = document.getElementById("action-error");
  const banner = document.getElementById("emergency");
  const baseTitle = document.title;
  let items = [];
  let selected = null;       // the queue item open in the detail panel
  let stream = null;         // the open conversation's event stream
  let seen = new Set();      // transcript lines shown (by seq)
  let silenced = new Set();  // emergencies the user silenced (by id)
  let ringing = null, flashing = null, audio = null;

  const LABEL = { stat: "emergency", urgent: "urgent", routine: "routine" };

  function badge(item) {
    const b = [el("span", { class: "badge " + item.urgency }, LABEL[item.urgency])];
    if (item.kind === "task") b.push(" ", el("span", { class: "badge task" }, "task"));
    if (item.status === "staff") b.push(" ", el("span", { class: "badge staff" }, "with staff"));
    return b;
  }

  function render() {
    list.replaceChildren();
    for (const item of items) {
      const open = el("button", { type: "button", class: "open", "data-id": item.id,
        "aria-label": `${LABEL[item.urgency]}: ${item.reason || "request"}, open` },
        el("span", { class: "wait", "data-since": item.waiting_since }, waited(item.waiting_since)),
        ...badge(item), " ", el("strong", {}, item.reason || "request"),
        el("br"), el("span", { class: "muted" }, item.callback ? "☎ " + item.callback : (item.channel || "")));
      open.addEventListener("click", () => select(item.id));
      const li = el("li", { class: "queue-item " + item.urgency, "data-id": item.id,
        "aria-current": selected && selected.id === item.id ? "true" : null }, open);
      list.append(li);
    }
    empty.hidden = items.length > 0;
    count.textContent = `(${items.length})`;
    alarm();
    if (selected) {
      const again = items.find((i) => i.id === selected.id);
      if (again) { selected = again; facts(again); } else { close(); }
    }
  }

  async function refresh() {
    try {
      items = await api("GET", "/staff/api/queue");
      render();
    } catch (err) { live.textContent = "Could not load the queue: " + err.message; }
  }

  // ---- emergencies ring until someone takes them -------------------------------------------
  function untaken() {
    return items.filter((i) => i.urgency === "stat" && i.status !== "staff" && !silenced.has(i.id));
  }

  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") { audio.resume(); }
      const osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.2;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.35);
    } catch (e) { /* no audio device: the banner and title still alert */ }
  }

  function alarm() {
    const urgent = untaken();
    banner.hidden = urgent.length === 0;
    document.body.dataset.ringing = urgent.length ? "true" : "false";
    if (urgent.length) {
      document.getElementById("emergency-text").textContent =
        urgent.map((i) => i.reason || "emergency").join(", ");
      if (!ringing) { beep(); ringing = setInterval(beep, 2000); }
      if (!flashing) {
        let on = false;
        flashing = setInterval(() => { on = !on; document.title = on ? "🚨 EMERGENCY · " + baseTitle : baseTitle; }, 800);
      }
    } else {
      clearInterval(ringing); clearInterval(flashing); ringing = flashing = null;
      document.title = baseTitle;
    }
  }

  document.getElementById("silence").addEventListener("click", () => {
    for (const i of untaken()) silenced.add(i.id);
    alarm();
  });

  // ---- the open conversation --------------------------------------------------------------
  function facts(item) {
    document.getElementById("d-urgency").replaceChildren(...badge(item));
    document.getElementById("d-reason").textContent = item.reason || "—";
    document.getElementById("d-status").textContent = item.status + (item.handled_by ? " (" + item.handled_by + ")" : "");
    document.getElementById("d-callback").textContent = item.callback || "—";
    document.getElementById("d-patient").textContent = item.patient_id || "not identified";
    document.getElementById("d-wait").setAttribute("data-since", item.waiting_since);
    document.getElementById("d-wait").textContent = waited(item.waiting_since);
    document.getElementById("d-summary").textContent = item.summary || "";
    const isConversation = item.kind === "conversation";
    document.getElementById("conversation-actions").hidden = !isConversation;
    document.getElementById("write").hidden = !isConversation;
    document.getElementById("take-over").hidden = item.status === "staff";
    document.getElementById("hand-back").hidden = item.status !== "staff" && item.status !== "handed_off";
  }

  function line(entry) {
    if (seen.has(entry.seq)) return;
    seen.add(entry.seq);
    const at = entry.at ? " · " + new Date(entry.at).toLocaleTimeString() : "";
    transcript.append(el("li", { class: entry.role }, el("span", { class: "role" }, entry.role + at), entry.text));
    transcript.scrollTop = transcript.scrollHeight;
  }

  function close() {
    selected = null; detail.hidden = true;
    if (stream) { stream.close(); stream = null; }
  }

  async function select(id) {
    const item = items.find((i) => i.id === id);
    if (!item) return;
    if (stream) { stream.close(); stream = null; }
    selected = item; seen = new Set(); transcript.replaceChildren(); errorBox.hidden = true;
    detail.hidden = false; facts(item); render();
    document.getElementById("detail-title").textContent =
      item.kind === "task" ? "Staff task" : "Conversation";
    if (item.kind === "conversation") {
      const view = await api("GET", "/staff/api/conversations/" + encodeURIComponent(id));
      view.transcript.forEach(line);
      stream = new EventSource("/staff/api/conversations/" + encodeURIComponent(id) + "/events");
      stream.addEventListener("message", (e) => line(JSON.parse(e.data)));
    } else if (item.summary) {
      transcript.append(el("li", { class: "agent" }, el("span", { class: "role" }, "task"), item.summary));
    }
    detail.focus();
  }

  async function act(path, body) {
    errorBox.hidden = true;
    try { return await api("POST", path, body); }
    catch (err) { errorBox.textContent = err.message; errorBox.hidden = false; return null; }
  }

  const base = () => "/staff/api/conversations/" + encodeURIComponent(selected.id);
  document.getElementById("take-over").addEventListener("click", async () => {
    if (await act(base() + "/take-over")) { silenced.add(selected.id); await refresh(); }
  });
  document.getElementById("hand-back").addEventListener("click", async () => {
    if (await act(base() + "/hand-back", { note: null })) await refresh();
  });
  document.getElementById("call-back").addEventListener("click", async () => {
    const note = document.getElementById("resolve-note").value || null;
    if (await act(base() + "/call-back-later", { note })) { close(); await refresh(); }
  });
  document.getElementById("write").addEventListener("submit", async (e) => {
    e.preventDefault();
    const box = document.getElementById("staff-text");
    const entry = await act(base() + "/messages", { text: box.value });
    if (entry) { line(entry); box.value = ""; await refresh(); }
  });
  document.getElementById("resolve-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const note = document.getElementById("resolve-note").value || null;
    const path = selected.kind === "task"
      ? "/staff/api/tasks/" + encodeURIComponent(selected.id) + "/resolve" : base() + "/resolve";
    if (await act(path, { note })) { document.getElementById("resolve-note").value = ""; close(); await refresh(); }
  });

  // ---- live updates -----------------------------------------------------------------------
  function connect() {
    const events = new EventSource("/staff/api/queue/events");
    events.addEventListener("ready", () => { live.textContent = "Live: updates appear as they happen."; refresh(); });
    events.addEventListener("status", () => refresh());
    events.onerror = () => { live.textContent = "Reconnecting…"; };
  }

  setInterval(() => {
    for (const node of document.querySelectorAll("[data-since]")) node.textContent = waited(node.getAttribute("data-since"));
  }, 1000);
  detail.setAttribute("tabindex", "-1");
  refresh();
  connect();
})();
