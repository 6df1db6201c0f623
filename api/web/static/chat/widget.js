/* frontdesk chat widget. Paste in any page:
     <script src="https://frontdesk.example/widget.js" data-lang="fr" defer></script>
   It adds a "chat" button that opens the practice's chat (/chat) in a panel (an iframe, so
   the site's styles and scripts never touch it). Options (data-*): lang ("fr" | "en"; the
   visitor's browser language when absent), label (the button's text), open ("true" to start
   open). Nothing else is loaded from anywhere but the frontdesk server. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__frontdeskWidget) return;
  window.__frontdeskWidget = true;
  var base = new URL(script.src, location.href).origin;
  var lang = script.dataset.lang === "fr" || script.dataset.lang === "en" ? script.dataset.lang : "";
  var browserFr = (navigator.language || "").slice(0, 2).toLowerCase() === "fr";
  var fr = lang ? lang === "fr" : browserFr;
  var label = script.dataset.label || (fr ? "Prendre rendez-vous / discuter" : "Book or chat with us");
  var closeLabel = fr ? "Fermer la discussion" : "Close the chat";

  var host = document.createElement("div");
  host.id = "frontdesk-widget";
  var shadow = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var style = document.createElement("style");
  style.textContent = [
    ":host { all: initial; }",
    ".launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;",
    "  font: 600 16px/1.2 system-ui, sans-serif; color: #fff; background: #0b57d0;",
    "  border: 0; border-radius: 999px; padding: 14px 20px; cursor: pointer;",
    "  box-shadow: 0 2px 8px rgba(0,0,0,.3); min-height: 48px; }",
    ".launcher:focus-visible, .close:focus-visible { outline: 3px solid #b54708; outline-offset: 2px; }",
    ".panel { position: fixed; right: 16px; bottom: 80px; z-index: 2147483000; width: 380px;",
    "  max-width: calc(100vw - 32px); height: 600px; max-height: calc(100vh - 100px);",
    "  background: #fff; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.35);",
    "  display: flex; flex-direction: column; overflow: hidden; }",
    ".panel[hidden] { display: none; }",
    ".bar { display: flex; justify-content: flex-end; background: #0b57d0; }",
    ".close { font: 600 15px system-ui, sans-serif; color: #fff; background: transparent;",
    "  border: 0; padding: 10px 14px; cursor: pointer; min-height: 44px; }",
    "iframe { border: 0; width: 100%; flex: 1 1 auto; }",
    "@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw;",
    "  height: 100vh; max-height: 100vh; border-radius: 0; } }",
  ].join("\n");
  shadow.appendChild(style);

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.textContent = label;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "frontdesk-panel");

  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "frontdesk-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", label);
  panel.hidden = true;
  var bar = document.createElement("div");
  bar.className = "bar";
  var close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "✕ " + closeLabel;
  bar.appendChild(close);
  panel.appendChild(bar);
  var frame = null;

  function openPanel() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = label;
      frame.allow = "microphone";
      frame.src = base + "/chat?embed=1" + (lang ? "&lang=" + lang : "");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { panel.hidden ? openPanel() : closePanel(); });
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") closePanel(); });
  shadow.appendChild(panel);
  shadow.appendChild(launcher);
  (document.body || document.documentElement).appendChild(host);
  if (script.dataset.open === "true") openPanel();
})();
