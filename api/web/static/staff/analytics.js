/* Draws the analytics page's charts with the vendored Chart.js (no network). */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("analytics-data").textContent);
  const ink = "#1b1f24", blue = "#0b5cad", red = "#a4161a", green = "#2d5f2e", amber = "#8a4b00";
  Chart.defaults.color = ink;
  Chart.defaults.animation = false;
  const common = { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
  new Chart(document.getElementById("chart-days"), {
    type: "bar",
    data: { labels: Object.keys(data.per_day), datasets: [{ label: "Conversations", data: Object.values(data.per_day), backgroundColor: blue }] },
    options: common,
  });
  new Chart(document.getElementById("chart-outcomes"), {
    type: "bar",
    data: { labels: ["Bookings", "Cancellations", "Reschedules", "Emergencies"],
      datasets: [{ label: "Count", data: [data.bookings, data.cancellations, data.reschedules, data.emergencies],
        backgroundColor: [green, "#4a5360", blue, red] }] },
    options: common,
  });
  const reasons = Object.keys(data.handoffs_by_reason);
  new Chart(document.getElementById("chart-handoffs"), {
    type: "bar",
    data: { labels: reasons.length ? reasons : ["none"],
      datasets: [{ label: "Handoffs", data: reasons.length ? Object.values(data.handoffs_by_reason) : [0], backgroundColor: amber }] },
    options: { ...common, indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
