// Small behaviours of the console and the public pages, declared in the templates by data-*
// attributes: the Content-Security-Policy runs no inline script and no on…= handler.
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
      ? { tooltip: { trigger: "item", renderMode: "richText" }, legend: { bottom: 0, type: "scroll" },
          series: [{ type: "pie", radius: ["40%", "68%"], data: data.labels.map((n, i) => ({ name: n, value: data.values[i] })) }] }
      : { tooltip: { trigger: "axis", renderMode: "richText" }, grid: { left: 56, right: 16, top: data.series ? 32 : 16, bottom: 60 },
          legend: data.series ? { top: 0 } : undefined,
          xAxis: { type: "category", data: data.labels, axisLabel: { rotate: data.labels.length > 6 ? 35 : 0 } },
          yAxis: { type: "value", minInterval: 1 },
          // One series (`values`) or several side by side (`series`: [{name, values}]).
          series: data.series
            ? data.series.map((s, i) => ({ type: "bar", name: s.name, data: s.values, barMaxWidth: 28,
                itemStyle: { color: ["#1f5fbf", "#2f9e5b", "#d9822b"][i % 3] } }))
            : [{ type: "bar", data: data.values, itemStyle: { color: "#1f5fbf" }, barMaxWidth: 36 }] };
    chart.setOption(option);
    // A figure links to the list it counts: each bar or slice opens its list (data.urls).
    if (data.urls) {
      chart.on("click", (params) => {
        const url = data.urls[params.dataIndex];
        if (url) window.location.href = url;
      });
    }
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
  });
}
document.addEventListener("DOMContentLoaded", () => drawCharts(document));
document.addEventListener("htmx:afterSwap", (e) => drawCharts(e.target));

// <select data-autosubmit>: choosing sends the form (the language switch).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});

// <form data-confirm="…">: the browser asks before the form is sent.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

// <button data-history-back>: back to the page before (a cancel button).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-history-back]")) history.back();
});

// <form data-show-by="mode"> shows only the [data-show-when] sections of the chosen radio value
// (the others are hidden, not removed: the domain clears what does not apply when it saves).
function syncShownSections(form) {
  const chosen = form.querySelector(`input[name="${form.dataset.showBy}"]:checked`);
  form.querySelectorAll("[data-show-when]").forEach((section) => {
    section.hidden = !chosen || section.dataset.showWhen !== chosen.value;
  });
}
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (form && form.dataset.showBy && event.target.name === form.dataset.showBy) syncShownSections(form);
});
document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("form[data-show-by]").forEach(syncShownSections));

// <section data-scroll-on-submit>: results swapped in after the form was sent (计算) are scrolled
// into view when their top is off the upper part of the screen (on a phone they sit below the
// form); beside the form on a desktop, or after a change of one field, the page stays still.
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  if (!target || !target.hasAttribute("data-scroll-on-submit") || !trigger || trigger.type !== "submit") return;
  const top = target.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight * 0.6) target.scrollIntoView({ block: "start" });
});

// <input type="checkbox" data-select-all="ids">: ticks or clears every box named "ids" of its form
// (the rows of one page of a review queue).
document.addEventListener("change", (event) => {
  const all = event.target.closest("input[data-select-all]");
  if (!all) return;
  all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
