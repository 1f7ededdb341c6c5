// A project's spending per year stacked by category, with the money available each year as a line
// (projects/_funding.html: the data in a json_script block, the axis name in data-y-name).
(function () {
  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-project-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.projectChart);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var chart = echarts.getInstanceByDom(el) || echarts.init(el);
      var series = data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "spent", data: s.data, barMaxWidth: 40 };
      });
      series.push({ name: data.available_label, type: "line", data: data.available, itemStyle: { color: "#c0392b" } });
      chart.setOption({
        tooltip: { trigger: "axis", renderMode: "richText" },
        legend: { bottom: 0, type: "scroll" },
        grid: { left: 48, right: 16, top: 32, bottom: 64 },
        xAxis: { type: "category", data: data.years },
        yAxis: { type: "value", name: el.dataset.yName || "" },
        series: series
      }, true);
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target.parentNode || document); });
})();
