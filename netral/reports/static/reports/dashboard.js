// Dashboard charts. The numbers come from a json_script element (no inline scripts under the
// CSP); the same numbers are in the tables under each chart. A click on a bar opens the list
// behind it, with the dashboard's filters applied.
(function () {
  "use strict";
  var el = document.getElementById("dashboard-data");
  if (!el || typeof Chart === "undefined") return;
  var data = JSON.parse(el.textContent);
  var palette = ["#1f4e79", "#d9822b", "#2f7d4f", "#b02a37", "#6f42c1", "#9aa5b1"];
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) return;
    if (!spec.labels.length) {
      canvas.parentNode.classList.add("d-none");
      return;
    }
    var chart = new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (ds, i) {
          return { label: ds.label, data: ds.data, backgroundColor: palette[i % palette.length], maxBarThickness: 28 };
        })
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        // Long unit names would be cut at the canvas edge; shorten them (the tooltip and the
        // table under the chart keep the full name).
        scales: spec.horizontal ? { y: { ticks: { autoSkip: false, callback: function (value) {
          var label = String(this.getLabelForValue(value));
          return label.length > 32 ? label.slice(0, 31) + "\u2026" : label;
        } } } } : {},
        animation: false,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + ctx.formattedValue + (spec.suffix || "");
          } } }
        },
        onHover: function (evt, els) { evt.native.target.style.cursor = els.length ? "pointer" : "default"; },
        onClick: function (evt, els) {
          if (!els.length || !spec.links) return;
          var url = spec.links[els[0].index];
          if (url) window.location.href = url;
        }
      }
    });
    canvas.setAttribute("data-ready", "1");
    return chart;
  });
})();
