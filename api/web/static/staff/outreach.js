/* Reminders and the waitlist: server-sent events reload them whenever outreach changes. */
"use strict";
(function () {
  const { api, el } = window.Console;
  const live = document.getElementById("live-status");

  function when(iso) {
    if (!iso) return "—";
    return new Date(iso).toLocaleString([], { weekday: "short", day: "numeric", month: "short",
      hour: "2-digit", minute: "2-digit" });
  }

  function day(iso) {
    return iso ? new Date(iso).toLocaleDateString([], { day: "numeric", month: "short" }) : "…";
  }

  function pill(state, title) {
    return el("span", { class: "pill " + state, title: title || null }, state);
  }

  function fill(id, rows, make) {
    const body = document.querySelector("#" + id + " tbody") || document.getElementById(id);
    body.replaceChildren(...rows.map(make));
    document.getElementById(id + "-empty").hidden = rows.length > 0;
    const count = document.getElementById(id + "-count");
    if (count) count.textContent = "(" + rows.length + ")";
  }

  function reminder(r) {
    const answer = r.answer ? " (" + r.answer + ")" : "";
    return el("tr", { "data-appointment": r.appointment_id, "data-stage": r.stage },
      el("td", {}, when(r.start)), el("td", {}, r.practitioner || "—"),
      el("td", {}, r.patient_id || "—"), el("td", {}, pill(r.stage), answer),
      el("td", {}, String(r.reminders_sent)), el("td", {}, when(r.next_at)));
  }

  function entry(w) {
    const window = w.window_start || w.window_end ? day(w.window_start) + " – " + day(w.window_end) : "any time soon";
    return el("tr", { "data-entry": w.entry_id },
      el("td", {}, w.patient_id || "—"), el("td", {}, w.practitioner_id || "anyone"),
      el("td", {}, w.service_type || "any"), el("td", {}, window), el("td", {}, when(w.created)),
      el("td", {}, String(w.offers)));
  }

  function offer(o) {
    return el("tr", { "data-offer": o.communication_id, "data-outcome": o.outcome },
      el("td", {}, when(o.sent)), el("td", {}, o.patient_id || "—"), el("td", {}, o.slot_id || "—"),
      el("td", {}, when(o.expires_at)), el("td", {}, pill(o.outcome)));
  }

  function failed(d) {
    return el("li", { "data-communication": d.communication_id },
      pill("failed"), " ", el("strong", {}, d.kind || "message"), " to ", d.patient_id || "unknown",
      el("span", { class: "muted" }, " — " + (d.reason || d.status)));
  }

  async function refresh() {
    try {
      const view = await api("GET", "/staff/api/outreach");
      fill("reminders", view.reminders, reminder);
      fill("waitlist", view.waitlist, entry);
      fill("offers", view.offers, offer);
      fill("failed", view.dead_letters, failed);
      document.body.dataset.loaded = String(Date.now());
    } catch (err) { live.textContent = "Could not load: " + err.message; }
  }

  const events = new EventSource("/staff/api/outreach/events");
  events.addEventListener("ready", () => { live.textContent = "Live: updates appear as they happen."; refresh(); });
  events.addEventListener("changed", () => refresh());
  events.onerror = () => { live.textContent = "Reconnecting…"; };
  // A worker in another process may not reach this server's bus: look again now and then.
  setInterval(refresh, 60000);
})();
