// Small behaviours of the console: the phone menu and charts drawn from data-* attributes.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle-sidebar]");
  if (toggle) document.getElementById("sidebar").classList.toggle("open");
});

function drawCharts(root) {
  if (!window.echarts) return;
  root.querySelectorAll("[data-chart]").forEach((el) => {
    if (el.dataset.drawn) return;
    const data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    const chart = echarts.init(el);
    const kind = el.dataset.kind || "bar";
    const option = kind === "pie"
      ? { tooltip: { trigger: "item" }, legend: { bottom: 0, type: "scroll" },
          series: [{ type: "pie", radius: ["40%", "68%"], data: data.labels.map((n, i) => ({ name: n, value: data.values[i] })) }] }
      : { tooltip: { trigger: "axis" }, grid: { left: 56, right: 16, top: data.series ? 32 : 16, bottom: 60 },
          legend: data.series ? { top: 0 } : undefined,
          xAxis: { type: "category", data: data.labels, axisLabel: { rotate: data.labels.length > 6 ? 35 : 0 } },
          yAxis: { type: "value", minInterval: 1 },
          // One series (`values`) or several side by side (`series`: [{name, values}]).
          series: data.series
            ? data.series.map((s, i) => ({ type: "bar", name: s.name, data: s.values, barMaxWidth: 28,
                itemStyle: { color: ["#1f5fbf", "#2f9e5b", "#d9822b"][i % 3] } }))
            : [{ type: "bar", data: data.values, itemStyle: { color: "#1f5fbf" }, barMaxWidth: 36 }] };
    chart.setOption(option);
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  });
}
document.addEventListener("DOMContentLoaded", () => drawCharts(document));
document.addEventListener("htmx:afterSwap", (e) => drawCharts(e.target));
