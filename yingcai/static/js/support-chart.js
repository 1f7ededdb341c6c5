// Support money promised and paid per year (support/totals.html: the data in the json_script block
// "support-by-year", the series names in data-promised-label and data-paid-label).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("support-chart");
  if (!window.echarts || !el) return;
  const data = JSON.parse(document.getElementById("support-by-year").textContent);
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis", renderMode: "richText" }, legend: { bottom: 0 },
    grid: { left: 80, right: 16, top: 16, bottom: 48 },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value" },
    series: [
      { name: el.dataset.promisedLabel, type: "bar", data: data.promised, itemStyle: { color: "#1f5fbf" }, barMaxWidth: 36 },
      { name: el.dataset.paidLabel, type: "bar", data: data.paid, itemStyle: { color: "#2e9e5b" }, barMaxWidth: 36 },
    ],
  });
  el.dataset.drawn = "1";
  window.addEventListener("resize", () => chart.resize());
});
