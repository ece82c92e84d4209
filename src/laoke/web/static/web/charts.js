/* Draws the ECharts charts of a page from data the server put in <script type="application/json">. */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  var palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545"];

  function radar(d) {
    return {
      color: palette,
      tooltip: {},
      radar: { indicator: d.indicators, radius: "62%", axisName: { color: "#495057", fontSize: 11 } },
      series: [{
        type: "radar", name: d.seriesName, areaStyle: { opacity: 0.25 },
        data: [{ value: d.values, name: d.seriesName }]
      }]
    };
  }

  function orders(d) {
    var option = {
      color: palette,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value" },
      series: [{ type: "bar", name: d.seriesName, data: d.values }]
    };
    if (d.window) {
      option.series[0].markArea = {
        itemStyle: { color: "rgba(25, 135, 84, 0.15)" },
        label: { show: true, color: "#198754", position: "insideTop" },
        data: [[{ name: d.windowLabel, xAxis: d.window[0] }, { xAxis: d.window[1] }]]
      };
    }
    return option;
  }

  function season(d) {
    return {
      tooltip: { position: "top" },
      grid: { left: 48, right: 12, top: 12, bottom: 64 },
      xAxis: { type: "category", data: d.months, splitArea: { show: true } },
      yAxis: { type: "category", data: d.years, splitArea: { show: true } },
      visualMap: {
        min: 0, max: d.max || 1, calculable: true, orient: "horizontal", left: "center", bottom: 0,
        itemHeight: 120, inRange: { color: ["#e7f1ff", "#0d6efd", "#052c65"] }
      },
      series: [{ type: "heatmap", name: d.seriesName, data: d.cells, emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } } }]
    };
  }

  var builders = { radar: radar, orders: orders, season: season };
  var charts = [];

  function init(root) {
    if (typeof echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.ready) { return; }
      var source = document.getElementById(el.dataset.source);
      var build = builders[el.dataset.chart];
      if (!source || !build) { return; }
      var chart = echarts.init(el, null, { locale: zh ? "ZH" : "EN", renderer: "canvas" });
      chart.setOption(build(JSON.parse(source.textContent)));
      el.dataset.ready = "1";
      charts.push(chart);
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
})();
