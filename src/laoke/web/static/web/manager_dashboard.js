/* Portfolio dashboard charts: reads the JSON written by the page and draws it with ECharts. */
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const charts = [];

  function draw(id, option) {
    const element = document.getElementById(id);
    if (!element) {
      return;
    }
    const chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }

  draw("chart-grades", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.grades.labels },
    yAxis: [{ type: "value" }, { type: "value", splitLine: { show: false } }],
    series: [
      { name: data.grades.customersName, type: "bar", data: data.grades.customers },
      { name: data.grades.revenueName, type: "line", yAxisIndex: 1, data: data.grades.revenue },
    ],
  });

  draw("chart-pareto", {
    tooltip: { trigger: "axis", valueFormatter: (v) => v + "%" },
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    xAxis: { type: "value", min: 0, max: 100, name: data.pareto.xName, nameLocation: "middle", nameGap: 24 },
    yAxis: { type: "value", min: 0, max: 100, name: data.pareto.yName },
    series: [{
      name: data.pareto.seriesName,
      type: "line",
      showSymbol: false,
      areaStyle: { opacity: 0.15 },
      data: data.pareto.points,
      markLine: { silent: true, symbol: "none", data: [{ xAxis: data.pareto.topShare }] },
    }],
  });

  draw("chart-dormant", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.dormant.months, axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: data.dormant.seriesName, type: "line", data: data.dormant.counts }],
  });

  function pie(id, rows) {
    draw(id, {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "70%"], data: rows, label: { formatter: "{b} {d}%" } }],
    });
  }
  pie("chart-countries", data.countries);
  pie("chart-currencies", data.currencies);

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
