/* Shared helpers of the staff console: JSON calls carrying the session's CSRF token. */
"use strict";
window.Console = (function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  async function api(method, path, body) {
    const options = { method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["X-CSRF-Token"] = csrf;
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    const response = await fetch(path, options);
    if (response.status === 401) { window.location = "/staff/login?next=" + encodeURIComponent(location.pathname); }
    const data = response.headers.get("content-type", "").includes("json") ? await response.json() : null;
    if (!response.ok) { throw new Error((data && data.detail) || response.statusText); }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function waited(since) {
    const s = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + " h " : "") + (h || m ? m + " min " : "") + (h ? "" : r + " s");
  }

  return { api, el, waited };
})();
